package dev.ferry.sandbox;

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

/** Tiny test client over java.net.http. */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String auth;
  private Duration timeout = Duration.ofSeconds(10);

  public Http(String base, String user, String secret) {
    this.base = base;
    this.auth =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  public Http as(String user, String secret) {
    return new Http(base, user, secret);
  }

  public Http timeout(Duration t) {
    return new Http(base, auth, t);
  }

  private Http(String base, String auth, Duration timeout) {
    this.base = base;
    this.auth = auth;
    this.timeout = timeout;
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

  public Resp send(String method, String path, Object body)
      throws IOException, InterruptedException {
    return send(method, path, body, null);
  }

  public Resp send(String method, String path, Object body, String rawAuth)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
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
