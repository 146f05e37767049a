package dev.ferry.platform.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.testing.TestKeys;
import io.temporal.api.common.v1.Payload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptionCodecTest {

  private final String k1 = TestKeys.newKey("k1");
  private final String k2 = TestKeys.newKey("k2");

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  @Test
  void encryptsWithKeyIdInMetadataAndDecryptsBack() {
    EncryptionCodec codec = new EncryptionCodec(SecretKeyring.parse(k1));
    Payload original = json("{\"network\":\"lab-alice\"}");
    Payload sealed = codec.encode(List.of(original)).get(0);
    assertThat(sealed.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(sealed.getData().toString(StandardCharsets.ISO_8859_1)).doesNotContain("lab-alice");
    assertThat(codec.decode(List.of(sealed))).containsExactly(original);
  }

  @Test
  void oldPayloadsDecodeAfterRotationAndPlainOnesPassThrough() {
    Payload sealedWithK1 =
        new EncryptionCodec(SecretKeyring.parse(k1)).encode(List.of(json("\"x\""))).get(0);
    EncryptionCodec rotated = new EncryptionCodec(SecretKeyring.parse(k2 + "," + k1));
    assertThat(rotated.decode(List.of(sealedWithK1))).containsExactly(json("\"x\""));
    assertThat(rotated.decode(List.of(json("\"plain\"")))).containsExactly(json("\"plain\""));
  }

  @Test
  void unknownKeyFailsClearly() {
    Payload sealedWithK1 =
        new EncryptionCodec(SecretKeyring.parse(k1)).encode(List.of(json("\"x\""))).get(0);
    EncryptionCodec other = new EncryptionCodec(SecretKeyring.parse(k2));
    assertThatThrownBy(() -> other.decode(List.of(sealedWithK1))).hasMessageContaining("k1");
  }
}
