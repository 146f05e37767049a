package dev.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON client over java.net.http for tests that call an HTTP API (Ferry's API, the worker's
 * actuator, a sandbox): a base URL, an optional Authorization, and answers as status, body and
 * headers. Tests that need exact bytes on the wire use the agent kit's {@code RawHttp}.
 */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  // Generous: a test should fail on its assertion, not on a busy machine.
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final String auth;
  private final Duration timeout;
  private final Map<String, String> headers;

  /** A client with HTTP Basic credentials, or none when {@code user} is null. */
  public Http(String base, String user, String secret) {
    this(base, user == null ? null : basic(user, secret), DEFAULT_TIMEOUT, Map.of());
  }

  private Http(String base, String auth, Duration timeout, Map<String, String> headers) {
    this.base = base;
    this.auth = auth;
    this.timeout = timeout;
    this.headers = headers;
  }

  /** The same server as another Basic user. */
  public Http as(String user, String secret) {
    return new Http(base, basic(user, secret), timeout, headers);
  }

  /** The same server with a bearer token, or without credentials when {@code token} is null. */
  public Http bearer(String token) {
    return new Http(base, token == null ? null : "Bearer " + token, timeout, headers);
  }

  public Http timeout(Duration t) {
    return new Http(base, auth, t, headers);
  }

  /** This header on every request, too. */
  public Http header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Http(base, auth, timeout, Map.copyOf(more));
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  public record Resp(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** {@code body}: null for none, a String as is, anything else as JSON. */
  public Resp send(String method, String path, Object body)
      throws IOException, InterruptedException {
    return send(method, path, body, null);
  }

  /** As {@link #send(String, String, Object)}, with this Authorization header instead. */
  public Resp send(String method, String path, Object body, String rawAuth)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    headers.forEach(b::header);
    String a = rawAuth != null ? rawAuth : auth;
    if (a != null) {
      b.header("Authorization", a);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String s = body instanceof String str ? str : JSON.writeValueAsString(body);
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(s));
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Resp(r.statusCode(), r.body(), r);
  }

  public Resp get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  public Resp post(String path, Object body) throws IOException, InterruptedException {
    return send("POST", path, body);
  }
}
