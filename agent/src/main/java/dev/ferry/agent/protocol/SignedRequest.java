package dev.ferry.agent.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A request to an agent, ready to send over any HTTP client: the request target and body with a
 * fresh nonce, and the origin, timestamp and signature headers. The nonce goes into the query
 * ({@code _nonce}) of a bodiless request and into the JSON body ({@code "_nonce"}) otherwise,
 * because Ed25519 signatures are deterministic and the agent rejects a signature it has already
 * seen.
 *
 * @param target path plus query, exactly as signed
 * @param body empty for a bodiless request
 * @param contentType null for a bodiless request
 */
public record SignedRequest(
    String method, String target, byte[] body, String contentType, Map<String, String> headers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param pathAndQuery the route, e.g. {@code /manifest} or {@code /journal/x?lines=5}
   * @param jsonBody null for a bodiless request; the nonce is added to it
   */
  public static SignedRequest sign(
      String method,
      String pathAndQuery,
      ObjectNode jsonBody,
      String origin,
      OpenSshPrivateKey key,
      Instant now) {
    String nonce = UUID.randomUUID().toString();
    String target = pathAndQuery;
    byte[] body = new byte[0];
    if (jsonBody != null) {
      jsonBody.put("_nonce", nonce);
      try {
        body = JSON.writeValueAsBytes(jsonBody);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      target += (pathAndQuery.contains("?") ? "&" : "?") + "_nonce=" + nonce;
    }
    String timestamp = Long.toString(now.getEpochSecond());
    String signature =
        Base64.getEncoder()
            .encodeToString(
                SshSignature.sign(
                    key,
                    FortProtocol.NAMESPACE,
                    FortProtocol.canonicalBytes(method, target, timestamp, body)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(FortProtocol.HEADER_ORIGIN, origin);
    headers.put(FortProtocol.HEADER_TIMESTAMP, timestamp);
    headers.put(FortProtocol.HEADER_SIGNATURE, signature);
    return new SignedRequest(
        method, target, body, jsonBody == null ? null : "application/json", Map.copyOf(headers));
  }
}
