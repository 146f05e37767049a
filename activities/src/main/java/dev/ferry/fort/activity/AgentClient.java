package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SignedRequest;
import dev.ferry.remote.RemoteTarget;
import io.temporal.failure.ApplicationFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The agent endpoints the activities use, as the cluster's principal: each request is signed by
 * {@link SignedRequest} (the agent's own protocol code) and sent through the remote stack, so a
 * failure is a classified {@link dev.ferry.remote.RemoteException}.
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOOPBACK =
      Pattern.compile("127(\\.\\d{1,3}){3}|::1|localhost", Pattern.CASE_INSENSITIVE);

  private final RemoteTarget agent;
  private final String origin;
  private final OpenSshPrivateKey key;
  private final Clock clock;

  AgentClient(RemoteTarget agent, String origin, OpenSshPrivateKey key, Clock clock) {
    this.agent = agent;
    this.origin = origin;
    this.key = key;
    this.clock = clock;
  }

  /** The host manifest plus {@code host} and {@code capabilities}. */
  public JsonNode manifest() {
    return send("GET", "/manifest", null);
  }

  /**
   * Writes the files atomically (0600) under the type's root; UNCHANGED means a restart can be
   * skipped.
   */
  public WriteResult writeCredential(String type, String service, Map<String, byte[]> files) {
    requireConfidentialChannel();
    ObjectNode body = JSON.createObjectNode();
    body.put("encoding", "base64");
    ObjectNode f = body.putObject("files");
    files.forEach((name, content) -> f.put(name, Base64.getEncoder().encodeToString(content)));
    JsonNode result = send("POST", credentialPath(type, service), body);
    return WriteResult.valueOf(result.path("result").asText().toUpperCase(Locale.ROOT));
  }

  public DeleteResult deleteCredential(String type, String service) {
    JsonNode result = send("DELETE", credentialPath(type, service), null);
    return DeleteResult.valueOf(result.path("result").asText().toUpperCase(Locale.ROOT));
  }

  /** {@code action}: restart or reload. */
  public void signal(String service, String action) {
    send("POST", "/signal/" + segment(service), JSON.createObjectNode().put("action", action));
  }

  /**
   * Credentials travel only over TLS (the agent authenticated by its certificate), or over plain
   * HTTP to loopback, where an agent may run with {@code insecureHttp} behind a local proxy.
   */
  private void requireConfidentialChannel() {
    HttpUrl url = agent.url().build();
    if (!url.isHttps() && !LOOPBACK.matcher(url.host()).matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          agent.name()
              + " is reached over plain HTTP at "
              + url.host()
              + ": credentials are only sent over TLS; register its agent URL as https://",
          "AgentNotConfidential");
    }
  }

  private static String credentialPath(String type, String service) {
    return "/credentials/" + segment(type) + "/" + segment(service);
  }

  private JsonNode send(String method, String pathAndQuery, ObjectNode jsonBody) {
    SignedRequest signed =
        SignedRequest.sign(method, pathAndQuery, jsonBody, origin, key, clock.instant());
    // the target is appended as signed: HttpUrl would re-encode what the signature covers
    HttpUrl url =
        HttpUrl.get(agent.url().build().toString().replaceAll("/$", "") + signed.target());
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .method(
                method,
                signed.contentType() == null
                    ? null
                    : RequestBody.create(signed.body(), MediaType.get(signed.contentType())));
    signed.headers().forEach(request::header);
    return agent.json(agent.send(request), url);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
