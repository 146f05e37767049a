package dev.ferry.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.ferry.api.auth.AdminOnly;
import dev.ferry.api.auth.FerryApiProperties;
import dev.ferry.platform.codec.EncryptionCodec;
import dev.ferry.platform.secrets.SecretKeyring;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Temporal's remote codec protocol: {@code {"payloads":[...]}} in proto3 JSON both ways.
 *
 * <p>{@code /codec/decode|encode} need an admin's bearer token: decoding reveals every run's inputs
 * and results, whoever started them, so it is an operator's tool. The Web UI cannot send one (the
 * dev server's UI has no login), so it calls {@code /codec/ui/<key>/...}, where the key is a
 * per-install random value handed only to the UI process: whoever can open the UI can decode what
 * it shows, nobody else can.
 */
@RestController
@Tag(name = "Codec")
public class CodecController {

  private final EncryptionCodec codec;
  private final FerryApiProperties properties;

  public CodecController(SecretKeyring keyring, FerryApiProperties properties) {
    this.codec = new EncryptionCodec(keyring);
    this.properties = properties;
  }

  @PostMapping(
      path = "/codec/decode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Decrypt Temporal payloads (remote codec protocol; admin)")
  @AdminOnly
  public ResponseEntity<String> decode(@RequestBody String body) {
    return transform(body, codec::decode);
  }

  @PostMapping(
      path = "/codec/encode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Encrypt Temporal payloads (remote codec protocol; admin)")
  @AdminOnly
  public ResponseEntity<String> encode(@RequestBody String body) {
    return transform(body, codec::encode);
  }

  @PostMapping(path = "/codec/ui/{key}/decode", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> uiDecode(@PathVariable String key, @RequestBody String body) {
    requireUiKey(key);
    return transform(body, codec::decode);
  }

  @PostMapping(path = "/codec/ui/{key}/encode", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> uiEncode(@PathVariable String key, @RequestBody String body) {
    requireUiKey(key);
    return transform(body, codec::encode);
  }

  private void requireUiKey(String presented) {
    String expected = properties.uiCodecKey();
    boolean ok =
        expected != null
            && expected.length() >= 16
            && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "unknown codec key");
    }
  }

  private ResponseEntity<String> transform(
      String body, UnaryOperator<List<io.temporal.api.common.v1.Payload>> op) {
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(body, in);
    } catch (InvalidProtocolBufferException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "body must be {\"payloads\":[...]} in proto3 JSON");
    }
    try {
      Payloads out = Payloads.newBuilder().addAllPayloads(op.apply(in.getPayloadsList())).build();
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(JsonFormat.printer().print(out));
    } catch (PayloadCodecException e) {
      throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
