package dev.ferry.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SignedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The agent tests' client: every endpoint over the JDK's HTTP client, with requests signed by
 * {@link SignedRequest}. Kept apart from the activities' client on purpose, so that the agent's own
 * tests need no other Ferry module.
 */
public final class AgentClient {
  public enum WriteResult {
    WRITTEN,
    UNCHANGED
  }

  public enum DeleteResult {
    DELETED,
    ABSENT
  }

  private final URI baseUri;
  private final String origin;
  private final OpenSshPrivateKey key;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public AgentClient(URI baseUri, String origin, OpenSshPrivateKey key) {
    this(
        baseUri,
        origin,
        key,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build(),
        Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  public AgentClient(
      URI baseUri,
      String origin,
      OpenSshPrivateKey key,
      HttpClient http,
      Duration timeout,
      Clock clock) {
    String s = baseUri.toString();
    this.baseUri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.origin = origin;
    this.key = key;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The host manifest plus {@code host} and {@code capabilities}. */
  public JsonNode manifest() {
    return parse(send("GET", "/manifest", null));
  }

  public JsonNode status() {
    return parse(send("GET", "/status", null));
  }

  /**
   * Writes the files atomically (0600) under the type's root; UNCHANGED means a restart can be
   * skipped.
   */
  public WriteResult writeCredential(String type, String service, Map<String, byte[]> files) {
    ObjectNode body = json.createObjectNode();
    body.put("encoding", "base64");
    ObjectNode f = body.putObject("files");
    files.forEach((name, content) -> f.put(name, Base64.getEncoder().encodeToString(content)));
    JsonNode result =
        parse(send("POST", "/credentials/" + segment(type) + "/" + segment(service), body));
    return WriteResult.valueOf(result.path("result").asText().toUpperCase());
  }

  public DeleteResult deleteCredential(String type, String service) {
    JsonNode result =
        parse(send("DELETE", "/credentials/" + segment(type) + "/" + segment(service), null));
    return DeleteResult.valueOf(result.path("result").asText().toUpperCase());
  }

  /** {@code action}: restart or reload. */
  public void signal(String service, String action) {
    ObjectNode body = json.createObjectNode().put("action", action);
    send("POST", "/signal/" + segment(service), body);
  }

  public List<String> journal(String service, int lines) {
    JsonNode result = parse(send("GET", "/journal/" + segment(service) + "?lines=" + lines, null));
    List<String> out = new ArrayList<>();
    result.path("lines").forEach(n -> out.add(n.asText()));
    return out;
  }

  public byte[] readFile(String path) {
    return send("GET", "/file?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8), null);
  }

  private byte[] send(String method, String pathAndQuery, ObjectNode jsonBody) {
    SignedRequest signed =
        SignedRequest.sign(method, pathAndQuery, jsonBody, origin, key, clock.instant());
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(baseUri + signed.target())).timeout(timeout);
    signed.headers().forEach(req::header);
    if (signed.contentType() != null) {
      req.header("Content-Type", signed.contentType());
    }
    req.method(
        method,
        signed.body().length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(signed.body()));
    HttpResponse<byte[]> response;
    try {
      response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new AgentException.Unavailable(0, "agent timed out: " + baseUri, e);
    } catch (IOException e) {
      throw new AgentException.Unavailable(
          0,
          "agent unreachable: "
              + baseUri
              + ": "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException.Unavailable(0, "interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String error = errorText(response.body(), status);
    throw switch (status) {
      case 401 -> new AgentException.Unauthenticated(error);
      case 403 -> new AgentException.Forbidden(error);
      case 404 -> new AgentException.NotFound(error);
      case 502, 503, 504 -> new AgentException.Unavailable(status, error, null);
      default -> new AgentException(status, error);
    };
  }

  private String errorText(byte[] body, int status) {
    try {
      JsonNode n = json.readTree(body);
      if (n != null && n.hasNonNull("error")) {
        return n.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: fall through
    }
    return "HTTP " + status;
  }

  private JsonNode parse(byte[] body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new AgentException(200, "agent returned invalid JSON");
    }
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
