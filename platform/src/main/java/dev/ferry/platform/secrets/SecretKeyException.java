package dev.ferry.platform.secrets;

/** A secret key is missing, malformed or unknown; the process must not go on without it. */
public class SecretKeyException extends RuntimeException {
  public SecretKeyException(String message) {
    super(message);
  }
}
