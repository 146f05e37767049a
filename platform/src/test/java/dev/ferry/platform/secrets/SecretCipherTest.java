package dev.ferry.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TestKeys;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  private final String oldKey = TestKeys.newKey("old");
  private final String newKey = TestKeys.newKey("new");

  @Test
  void sealedValueCarriesKeyIdAndNoPlaintext() {
    SecretCipher cipher = new SecretCipher(SecretKeyring.parse(oldKey));
    String sealed = cipher.seal("hunter2-very-secret", "row-1");
    assertThat(sealed).startsWith("old:").doesNotContain("hunter2");
    assertThat(cipher.open(sealed, "row-1")).isEqualTo("hunter2-very-secret");
    assertThat(cipher.seal("hunter2-very-secret", "row-1")).as("random nonce").isNotEqualTo(sealed);
  }

  @Test
  void valueSealedForOneRowDoesNotOpenForAnother() {
    SecretCipher cipher = new SecretCipher(SecretKeyring.parse(oldKey));
    String sealed = cipher.seal("token", "row-1");
    assertThatThrownBy(() -> cipher.open(sealed, "row-2"))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void tamperedCiphertextIsRejected() {
    SecretCipher cipher = new SecretCipher(SecretKeyring.parse(oldKey));
    String sealed = cipher.seal("token", "row-1");
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(4));
    bytes[bytes.length - 1] ^= 1;
    String tampered = "old:" + Base64.getEncoder().withoutPadding().encodeToString(bytes);
    assertThatThrownBy(() -> cipher.open(tampered, "row-1"))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void afterRotationOldValuesStillOpenAndNewOnesUseTheNewKey() {
    String sealedWithOld = new SecretCipher(SecretKeyring.parse(oldKey)).seal("token", "r");
    SecretCipher rotated = new SecretCipher(SecretKeyring.parse(newKey + "," + oldKey));
    assertThat(rotated.open(sealedWithOld, "r")).isEqualTo("token");
    assertThat(SecretCipher.keyIdOf(rotated.seal("token", "r"))).isEqualTo("new");
    SecretCipher withoutOld = new SecretCipher(SecretKeyring.parse(newKey));
    assertThatThrownBy(() -> withoutOld.open(sealedWithOld, "r"))
        .isInstanceOf(SecretKeyException.class)
        .hasMessageContaining("'old'");
  }
}
