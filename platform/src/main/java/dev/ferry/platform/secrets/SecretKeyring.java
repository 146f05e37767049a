package dev.ferry.platform.secrets;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys Ferry encrypts with. The first key encrypts; every key decrypts, so a new key is
 * rolled in by putting it first and running the re-encryption command before the old one is
 * dropped.
 *
 * <p>Configured as {@code id:base64key} entries (e.g. {@code FERRY_SECRET_KEYS=k2:...,k1:...}). A
 * missing or malformed key is fatal: there is no plaintext fallback.
 */
public final class SecretKeyring {

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private final String primaryKeyId;
  private final Map<String, SecretKey> keys;

  private SecretKeyring(String primaryKeyId, Map<String, SecretKey> keys) {
    this.primaryKeyId = primaryKeyId;
    this.keys = keys;
  }

  /** Parses {@code id:base64} entries, newest first. */
  public static SecretKeyring parse(List<String> entries) {
    if (entries == null
        || entries.isEmpty()
        || entries.stream().allMatch(e -> e == null || e.isBlank())) {
      throw new SecretKeyException(
          "No secret key configured. Set FERRY_SECRET_KEYS (or ferry.secrets.keys) to 'id:base64-of-32-bytes'; "
              + "generate one with: echo \"k1:$(openssl rand -base64 32)\"");
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String primary = null;
    int position = 0;
    for (String raw : entries) {
      position++;
      String entry = raw == null ? "" : raw.trim();
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new SecretKeyException(
            "Secret key #" + position + " is malformed: expected 'id:base64key'");
      }
      String id = entry.substring(0, colon);
      if (!KEY_ID.matcher(id).matches()) {
        throw new SecretKeyException(
            "Secret key #"
                + position
                + " has an invalid id '"
                + id
                + "': use 1-32 of [A-Za-z0-9_.-]");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new SecretKeyException("Secret key '" + id + "' is not valid base64");
      }
      if (material.length != 32) {
        throw new SecretKeyException(
            "Secret key '" + id + "' must be 32 bytes (AES-256), got " + material.length);
      }
      if (keys.putIfAbsent(id, new SecretKeySpec(material, "AES")) != null) {
        throw new SecretKeyException("Secret key id '" + id + "' appears twice");
      }
      if (primary == null) {
        primary = id;
      }
    }
    return new SecretKeyring(primary, Map.copyOf(keys));
  }

  /** Parses a comma- or whitespace-separated list, as found in an environment variable. */
  public static SecretKeyring parse(String commaSeparated) {
    return parse(
        commaSeparated == null ? List.of() : List.of(commaSeparated.trim().split("[,\\s]+")));
  }

  public String primaryKeyId() {
    return primaryKeyId;
  }

  public SecretKey primaryKey() {
    return keys.get(primaryKeyId);
  }

  /** The key with this id, or an exception naming the id when this process does not hold it. */
  public SecretKey key(String keyId) {
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new SecretKeyException(
          "Unknown secret key id '" + keyId + "': it is not in FERRY_SECRET_KEYS");
    }
    return key;
  }
}
