package dev.ferry.foreman.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Read-only Foreman API v2 over HTTP Basic {@code login:token} (Foreman does not accept a personal
 * access token as Bearer). Sends credentials on every request and keeps no cookies.
 */
public class ForemanClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final String authorization;

  public ForemanClient(OkHttpClient http, String baseUrl, String username, String credential) {
    this.http = http;
    this.baseUrl = HttpUrl.get(baseUrl.replaceAll("/+$", "") + "/");
    this.authorization = Credentials.basic(username, credential, StandardCharsets.UTF_8);
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
    try (Response response = call(url("api/status").build())) {
      JsonNode body = read(response);
      long latencyMs = (System.nanoTime() - started) / 1_000_000;
      String version = body.path("version").asText(null);
      if (version == null) {
        version = response.header("Foreman_version");
      }
      return new Status(version == null ? "unknown" : version, latencyMs);
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

  private Page page(HttpUrl url) {
    try (Response response = call(url)) {
      JsonNode body = read(response);
      JsonNode results = body.path("results");
      if (!results.isArray()) {
        throw new ForemanException(
            ForemanException.Kind.UNEXPECTED,
            response.code(),
            "Foreman answered " + url.encodedPath() + " without a results list",
            List.of(),
            null,
            null);
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
  }

  private HttpUrl.Builder url(String path) {
    return baseUrl.newBuilder().addPathSegments(path);
  }

  private Response call(HttpUrl url) {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    Response response;
    try {
      response = http.newCall(request).execute();
    } catch (SSLException e) {
      throw ForemanException.io(
          ForemanException.Kind.TLS,
          "TLS failure talking to " + url.host() + ": " + e.getMessage(),
          e);
    } catch (UnknownHostException e) {
      throw ForemanException.io(
          ForemanException.Kind.UNREACHABLE, "cannot resolve host " + url.host(), e);
    } catch (ConnectException | NoRouteToHostException e) {
      throw ForemanException.io(
          ForemanException.Kind.UNREACHABLE,
          "cannot connect to " + url.host() + ":" + url.port() + " (" + e.getMessage() + ")",
          e);
    } catch (InterruptedIOException e) {
      // SocketTimeoutException (connect/read) and OkHttp's call timeout
      throw ForemanException.io(
          ForemanException.Kind.TIMEOUT,
          "no answer from " + url.host() + ":" + url.port() + " in time (" + e.getMessage() + ")",
          e);
    } catch (IOException e) {
      throw ForemanException.io(
          ForemanException.Kind.UNEXPECTED,
          "talking to " + url.host() + " failed: " + e.getMessage(),
          e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        throw failure(response);
      }
    }
    return response;
  }

  private static JsonNode read(Response response) {
    String body = body(response);
    try {
      JsonNode json = JSON.readTree(body);
      if (json == null || !json.isObject()) {
        throw new IOException("not a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw new ForemanException(
          ForemanException.Kind.UNEXPECTED,
          response.code(),
          "expected JSON from Foreman, got: " + truncate(body),
          List.of(),
          null,
          e);
    }
  }

  private static ForemanException failure(Response response) {
    int code = response.code();
    String body = body(response);
    JsonNode json = parseQuietly(body);
    String message = message(json, body);
    List<String> missing = new ArrayList<>();
    json.path("error").path("missing_permissions").forEach(p -> missing.add(p.asText()));
    ForemanException.Kind kind =
        switch (code) {
          case 401 -> ForemanException.Kind.BAD_CREDENTIALS;
          case 403 -> ForemanException.Kind.PERMISSION_DENIED;
          case 404 -> ForemanException.Kind.NOT_FOUND;
          case 400, 415, 422 -> ForemanException.Kind.BAD_REQUEST;
          case 429 -> ForemanException.Kind.RATE_LIMITED;
          default ->
              code >= 500 ? ForemanException.Kind.SERVER_ERROR : ForemanException.Kind.UNEXPECTED;
        };
    return new ForemanException(
        kind,
        code,
        "HTTP " + code + ": " + message,
        missing,
        retryAfter(response.header("Retry-After")),
        null);
  }

  /** Foreman's error shapes, in the order its own clients read them. */
  static String message(JsonNode json, String rawBody) {
    JsonNode error = json.path("error");
    if (error.path("message").isTextual()) {
      String details = error.path("details").asText("");
      return error.get("message").asText() + (details.isEmpty() ? "" : " (" + details + ")");
    }
    if (error.path("full_messages").isArray() && !error.get("full_messages").isEmpty()) {
      List<String> messages = new ArrayList<>();
      error.get("full_messages").forEach(m -> messages.add(m.asText()));
      return String.join("; ", messages);
    }
    if (json.path("message").isTextual()) {
      return json.get("message").asText();
    }
    if (error.isTextual()) {
      return error.asText();
    }
    if (json.path("displayMessage").isTextual()) {
      return json.get("displayMessage").asText();
    }
    return rawBody.isBlank() ? "(empty body)" : truncate(rawBody);
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP date; the default backoff is good enough then
    }
  }

  private static String body(Response response) {
    try {
      return response.body().string();
    } catch (IOException e) {
      throw ForemanException.io(
          ForemanException.Kind.UNEXPECTED,
          "reading Foreman's answer failed: " + e.getMessage(),
          e);
    }
  }

  private static JsonNode parseQuietly(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json == null ? JSON.createObjectNode() : json;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String truncate(String text) {
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
  }

  @Override
  public String toString() {
    return "ForemanClient[" + baseUrl + "]";
  }
}
