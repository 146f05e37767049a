package dev.ferry.platform.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.platform.secrets.AesGcm;
import dev.ferry.platform.secrets.SecretDecryptionException;
import dev.ferry.platform.secrets.SecretKeyException;
import dev.ferry.platform.secrets.SecretKeyring;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encrypts every Temporal payload (inputs, results, signals, failures) with AES-256-GCM before it
 * leaves the process, so Temporal's database holds no readable payloads. The key id travels in the
 * payload metadata so old histories stay readable after a key rotation.
 */
public final class EncryptionCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  static final String METADATA_ENCODING = "encoding";
  static final String METADATA_KEY_ID = "encryption-key-id";

  private final SecretKeyring keyring;

  public EncryptionCodec(SecretKeyring keyring) {
    this.keyring = keyring;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] sealed = AesGcm.encrypt(keyring.primaryKey(), payload.toByteArray(), null);
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ByteString.copyFrom(ENCODING, StandardCharsets.UTF_8))
        .putMetadata(
            METADATA_KEY_ID, ByteString.copyFrom(keyring.primaryKeyId(), StandardCharsets.UTF_8))
        .setData(ByteString.copyFrom(sealed))
        .build();
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY);
    if (!ENCODING.equals(encoding.toString(StandardCharsets.UTF_8))) {
      return payload; // written before encryption was on, or by a client without the codec
    }
    String keyId =
        payload
            .getMetadataOrDefault(METADATA_KEY_ID, ByteString.EMPTY)
            .toString(StandardCharsets.UTF_8);
    try {
      byte[] plain = AesGcm.decrypt(keyring.key(keyId), payload.getData().toByteArray(), null);
      return Payload.parseFrom(plain);
    } catch (SecretKeyException | SecretDecryptionException | InvalidProtocolBufferException e) {
      // an unknown or missing key id is the payload's problem, not the codec's
      throw new PayloadCodecException(
          "cannot decrypt payload sealed with key '" + keyId + "': " + e.getMessage(), e);
    }
  }
}
