package dev.ferry.platform.secrets;

/** Stored ciphertext could not be opened: tampered, truncated or sealed for another row. */
public class SecretDecryptionException extends RuntimeException {
  public SecretDecryptionException(String message) {
    super(message);
  }
}
