package dev.ferry.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One remote system as a product client sees it: its base URL, how it authenticates us, the HTTP
 * client with the target's timeouts and TLS trust, and the failure type names it reports. A call
 * either returns a 2xx answer or throws a classified {@link RemoteException}.
 */
public final class RemoteTarget {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final String name;
  private final HttpUrl base;
  private final Auth auth;
  private final OkHttpClient http;
  private final FailureTypes types;

  /**
   * @param name how messages name the remote, e.g. {@code Forward} or {@code agent web-1}
   */
  public RemoteTarget(
      String name, String baseUrl, Auth auth, OkHttpClient http, FailureTypes types) {
    this.name = name;
    this.base = HttpUrl.get(baseUrl.replaceAll("/+$", "") + "/");
    this.auth = auth;
    this.http = http;
    this.types = types;
  }

  /** A 2xx answer. */
  public record Answer(int status, Headers headers, byte[] body) {}

  /** How messages name the remote, e.g. {@code agent web-1}. */
  public String name() {
    return name;
  }

  /** The base URL, to add path segments and query parameters to. */
  public HttpUrl.Builder url() {
    return base.newBuilder();
  }

  public HttpUrl url(String... segments) {
    HttpUrl.Builder url = url();
    for (String segment : segments) {
      url.addPathSegment(segment);
    }
    return url.build();
  }

  /**
   * Sends {@code body} as JSON (none: an empty body for POST, PUT and PATCH, which need one) and
   * reads the answer as JSON; an empty answer reads as an empty object.
   */
  public JsonNode json(String method, HttpUrl url, Object body) {
    RequestBody requestBody =
        body != null
            ? jsonBody(body)
            : switch (method) {
              case "POST", "PUT", "PATCH" -> RequestBody.create(new byte[0]);
              default -> null;
            };
    return json(send(new Request.Builder().url(url).method(method, requestBody)), url);
  }

  /** Like {@link #json(String, HttpUrl, Object)}, but empty when the remote answers 404. */
  public Optional<JsonNode> jsonIfFound(String method, HttpUrl url, Object body) {
    try {
      return Optional.of(json(method, url, body));
    } catch (RemoteException e) {
      if (e.kind() == FailureKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Reads a 2xx answer of {@code url} as JSON. */
  public JsonNode json(Answer answer, HttpUrl url) {
    String text = new String(answer.body(), StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw unexpected(url, "with something other than JSON: " + text, e);
    }
  }

  /**
   * Sends the request with the target's authentication ({@code Accept: application/json} unless the
   * request says otherwise).
   */
  public Answer send(Request.Builder request) {
    Request built = auth.apply(request).build();
    if (built.header("Accept") == null) {
      built = built.newBuilder().header("Accept", "application/json").build();
    }
    try (Response response = http.newCall(built).execute()) {
      byte[] body = response.body().bytes();
      if (!response.isSuccessful()) {
        throw RemoteException.answered(
            name,
            types,
            built.method(),
            built.url(),
            response.code(),
            body,
            response.header("Retry-After"));
      }
      return new Answer(response.code(), response.headers(), body);
    } catch (IOException e) {
      throw RemoteException.unanswered(name, types, built.url(), e);
    }
  }

  /** For a product client that finds a 2xx answer it cannot use. */
  public RemoteException unexpected(HttpUrl url, String problem, Throwable cause) {
    return RemoteException.unexpected(name, types, url, problem, cause);
  }

  public static RequestBody jsonBody(Object value) {
    try {
      return RequestBody.create(JSON.writeValueAsBytes(value), APPLICATION_JSON);
    } catch (IOException e) {
      throw new IllegalArgumentException("not serialisable as JSON", e);
    }
  }

  @Override
  public String toString() {
    return "RemoteTarget[" + name + " " + base + "]";
  }
}
