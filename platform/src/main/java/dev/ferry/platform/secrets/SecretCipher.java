package dev.ferry.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Seals strings as {@code <keyId>:<base64(nonce|ciphertext|tag)>}. The key id prefix tells which
 * key opens a value, which is what makes key rotation possible without a flag day.
 */
public final class SecretCipher {

  private final SecretKeyring keyring;

  public SecretCipher(SecretKeyring keyring) {
    this.keyring = keyring;
  }

  /**
   * Encrypts under the newest key; {@code context} is bound as associated data (e.g. the row id).
   */
  public String seal(String plaintext, String context) {
    byte[] sealed =
        AesGcm.encrypt(
            keyring.primaryKey(), plaintext.getBytes(StandardCharsets.UTF_8), aad(context));
    return keyring.primaryKeyId()
        + ":"
        + Base64.getEncoder().withoutPadding().encodeToString(sealed);
  }

  public String open(String sealedValue, String context) {
    int colon = sealedValue.indexOf(':');
    if (colon <= 0) {
      throw new SecretDecryptionException("stored secret has no key id prefix");
    }
    String keyId = sealedValue.substring(0, colon);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealedValue.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new SecretDecryptionException("stored secret is not base64");
    }
    return new String(
        AesGcm.decrypt(keyring.key(keyId), bytes, aad(context)), StandardCharsets.UTF_8);
  }

  /** The key id a sealed value was encrypted with. */
  public static String keyIdOf(String sealedValue) {
    int colon = sealedValue.indexOf(':');
    return colon <= 0 ? "" : sealedValue.substring(0, colon);
  }

  public String primaryKeyId() {
    return keyring.primaryKeyId();
  }

  private static byte[] aad(String context) {
    return context == null ? null : context.getBytes(StandardCharsets.UTF_8);
  }
}
