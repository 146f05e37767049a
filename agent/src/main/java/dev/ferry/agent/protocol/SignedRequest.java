package dev.ferry.agent.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * @param pathAndQuery the route, e.g. {@code /manifest} or {@code /journal/x?lines=5}
   * @param jsonBody null for a bodiless request, else a JSON object (e.g. Jackson's {@code
   *     ObjectNode}); it is sent with the nonce added
   */
  public static SignedRequest sign(
      String method,
      String pathAndQuery,
      TreeNode jsonBody,
      String origin,
      OpenSshPrivateKey key,
      Instant now) {
    String nonce = UUID.randomUUID().toString();
    String target = pathAndQuery;
    byte[] body = new byte[0];
    if (jsonBody != null) {
      body = withNonce(jsonBody, nonce);
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

  /** The object's fields, then {@code _nonce} (replacing one the caller set). */
  private static byte[] withNonce(TreeNode object, String nonce) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonParser p = object.traverse();
        JsonGenerator g = JSON.createGenerator(out)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a JSON body must be an object");
      }
      g.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("_nonce")) {
          p.skipChildren();
        } else {
          g.writeFieldName(name);
          g.copyCurrentStructure(p);
        }
      }
      g.writeStringField("_nonce", nonce);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a tree in memory, written to memory
    }
    return out.toByteArray();
  }
}
