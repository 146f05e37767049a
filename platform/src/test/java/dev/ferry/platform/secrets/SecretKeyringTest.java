package dev.ferry.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TestKeys;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretKeyringTest {

  @Test
  void firstKeyEncryptsAndEveryKeyIsKnown() {
    SecretKeyring ring = SecretKeyring.parse(TestKeys.newKey("new") + "," + TestKeys.newKey("old"));
    assertThat(ring.primaryKeyId()).isEqualTo("new");
    assertThat(ring.key("old")).isNotNull();
    assertThatThrownBy(() -> ring.key("other"))
        .isInstanceOf(SecretKeyException.class)
        .hasMessageContaining("other");
  }

  @Test
  void missingKeyIsFatalWithAHint() {
    assertThatThrownBy(() -> SecretKeyring.parse(List.of()))
        .isInstanceOf(SecretKeyException.class)
        .hasMessageContaining("FERRY_SECRET_KEYS");
    assertThatThrownBy(() -> SecretKeyring.parse("")).isInstanceOf(SecretKeyException.class);
    assertThatThrownBy(() -> SecretKeyring.parse((String) null))
        .isInstanceOf(SecretKeyException.class);
  }

  @Test
  void malformedKeysAreRejectedWithTheReason() {
    String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SecretKeyring.parse("nocolon"))
        .hasMessageContaining("expected 'id:base64key'");
    assertThatThrownBy(() -> SecretKeyring.parse("k1:!!notbase64!!"))
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> SecretKeyring.parse("k1:" + sixteenBytes))
        .hasMessageContaining("must be 32 bytes");
    assertThatThrownBy(() -> SecretKeyring.parse("bad*id:" + sixteenBytes))
        .hasMessageContaining("invalid id");
    String key = TestKeys.newKey("same");
    assertThatThrownBy(() -> SecretKeyring.parse(key + "," + key))
        .hasMessageContaining("appears twice");
  }
}
