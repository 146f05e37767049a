package dev.ferry.foreman.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
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

  /** {@code GET /api/status}: the only cheap route that proves the credential. */
  public Status status() {
    long started = System.nanoTime();
    HttpUrl url = url("api/status").build();
    RemoteTarget.Answer answer = target.send(new Request.Builder().url(url));
    JsonNode body = object(answer, url);
    long latencyMs = (System.nanoTime() - started) / 1_000_000;
    String version = body.path("version").asText(null);
    if (version == null) {
      version = answer.headers().get("Foreman_version");
    }
    return new Status(version == null ? "unknown" : version, latencyMs);
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
