package dev.ferry.testing;

import java.security.SecureRandom;
import java.util.Base64;

/** Random AES-256 keys in FERRY_SECRET_KEYS form, for tests. */
public final class TestKeys {
  private TestKeys() {}

  public static String newKey(String id) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return id + ":" + Base64.getEncoder().encodeToString(key);
  }
}
