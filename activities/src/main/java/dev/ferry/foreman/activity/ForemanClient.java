package dev.ferry.foreman.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Read-only Foreman API v2 over HTTP Basic {@code login:token} (Foreman does not accept a personal
 * access token as Bearer). Sends credentials on every request and keeps no cookies. A failed call
 * is a {@link RemoteException}; its Temporal failure type is {@code Foreman<KIND>}.
 */
public class ForemanClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RemoteTarget target;

  public ForemanClient(OkHttpClient http, String baseUrl, String username, String credential) {
    this.target =
        new RemoteTarget(
            "Foreman",
            baseUrl,
            Auth.basic(username, credential),
            http,
            FailureTypes.prefixed("Foreman"));
  }

  public record Status(String version, long latencyMs) {}

  /**
   * One page of a list envelope; {@code subtotal} is what matches the search, {@code total} ignores
   * it.
   */
  public record Page(long total, long subtotal, int page, int perPage, List<JsonNode> results) {}

  /**
   * {@code GET /api/status}: the only cheap route that proves the credential, and the proof that
   * the base URL is Foreman at all. Foreman's API controllers add {@code Foreman_version} and
   * {@code Foreman_api_version} headers to every answer ({@code add_version_header} in
   * app/controllers/api/base_controller.rb, Foreman 3.13), and the status body is {@code
   * {"result":"ok","status":200,"version":…,"api_version":2}} (app/views/api/v2/home/
   * status.json.rabl). An answer with neither the header nor {@code api_version}, such as another
   * service's 200 JSON or HTML, or a 404 for the route every Foreman serves, is not Foreman.
   *
   * @throws NotForemanException when the answer is not Foreman's
   */
  public Status status() {
    long started = System.nanoTime();
    HttpUrl url = url("api/status").build();
    RemoteTarget.Answer answer;
    try {
      answer = target.send(new Request.Builder().url(url));
    } catch (RemoteException e) {
      if (e.kind() == FailureKind.NOT_FOUND) {
        throw notForeman(url, "answered 404");
      }
      throw e;
    }
    long latencyMs = (System.nanoTime() - started) / 1_000_000;
    String apiVersionHeader = answer.headers().get("Foreman_api_version");
    JsonNode body = apiVersionHeader != null ? object(answer, url) : bodyIfJson(answer);
    if (apiVersionHeader == null && !body.hasNonNull("api_version")) {
      throw notForeman(url, "answered without Foreman's API version (header or body)");
    }
    String version = body.path("version").asText(null);
    if (version == null) {
      version = answer.headers().get("Foreman_version");
    }
    return new Status(version == null ? "unknown" : version, latencyMs);
  }

  private NotForemanException notForeman(HttpUrl url, String what) {
    return new NotForemanException(
        "Not Foreman: "
            + url.host()
            + ":"
            + url.port()
            + " "
            + what
            + " to GET "
            + url.encodedPath()
            + "; is the base URL Foreman's (e.g. https://foreman.example.com)?");
  }

  private static JsonNode bodyIfJson(RemoteTarget.Answer answer) {
    try {
      JsonNode json = JSON.readTree(answer.body());
      return json == null ? JSON.createObjectNode() : json;
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode();
    }
  }

  public Page hosts(String search, int page, int perPage, boolean thin) {
    HttpUrl.Builder url =
        url("api/hosts")
            .addQueryParameter("page", String.valueOf(page))
            .addQueryParameter("per_page", String.valueOf(perPage));
    if (search != null && !search.isBlank()) {
      url.addQueryParameter("search", search);
    }
    if (thin) {
      url.addQueryParameter("thin", "true");
    }
    return page(url.build());
  }

  public Page computeResources(int page, int perPage) {
    return page(
        url("api/compute_resources")
            .addQueryParameter("page", String.valueOf(page))
            .addQueryParameter("per_page", String.valueOf(perPage))
            .build());
  }

  /**
   * Live provider query (not paged): for VMware, {@code num_host} counts the ESXi hosts of each
   * cluster.
   */
  public List<JsonNode> availableClusters(long computeResourceId) {
    return page(url("api/compute_resources")
            .addPathSegment(String.valueOf(computeResourceId))
            .addPathSegment("available_clusters")
            .build())
        .results();
  }

  /** The permissions a 403 says the user lacks (Foreman names them in its error body). */
  public static List<String> missingPermissions(RemoteException e) {
    List<String> missing = new ArrayList<>();
    e.errorBody().path("error").path("missing_permissions").forEach(p -> missing.add(p.asText()));
    return List.copyOf(missing);
  }

  private Page page(HttpUrl url) {
    JsonNode body = object(target.send(new Request.Builder().url(url)), url);
    JsonNode results = body.path("results");
    if (!results.isArray()) {
      throw target.unexpected(url, "without a results list", null);
    }
    List<JsonNode> items = new ArrayList<>(results.size());
    results.forEach(items::add);
    long total = body.path("total").asLong(items.size());
    long subtotal =
        body.has("subtotal") && !body.get("subtotal").isNull()
            ? body.get("subtotal").asLong()
            : total;
    return new Page(
        total,
        subtotal,
        body.path("page").asInt(1),
        body.path("per_page").asInt(items.size()),
        items);
  }

  private JsonNode object(RemoteTarget.Answer answer, HttpUrl url) {
    JsonNode json = target.json(answer, url);
    if (!json.isObject()) {
      throw target.unexpected(url, "with JSON that is not an object", null);
    }
    return json;
  }

  private HttpUrl.Builder url(String path) {
    return target.url().addPathSegments(path);
  }

  @Override
  public String toString() {
    return "ForemanClient[" + target + "]";
  }
}
