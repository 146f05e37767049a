package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A user's named Forward connection. {@code username} is the login or API access key; the password
 * (or API secret key) is only a reference into the secret store.
 */
public record ForwardProfile(
    UUID id,
    UUID ownerId,
    String name,
    String baseUrl,
    String username,
    SecretRef passwordSecretId,
    boolean skipTlsVerify,
    String caCertificate,
    String preferredCollector,
    boolean isDefault,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /**
   * The fields a caller chooses; the password travels separately so it never sits in a record that
   * gets logged. A null username on update keeps the stored one.
   */
  public record Settings(
      String name,
      String baseUrl,
      String username,
      boolean skipTlsVerify,
      String caCertificate,
      String preferredCollector,
      boolean isDefault) {}

  public static final String DEFAULT_BASE_URL = "https://fwd.app";

  /** Adds https:// when no scheme is given and strips trailing slashes (forward-api.md §1). */
  public static String normalizeBaseUrl(String url) {
    if (url == null || url.isBlank()) {
      return DEFAULT_BASE_URL;
    }
    String trimmed = url.trim().replaceAll("/+$", "");
    return trimmed.contains("://") ? trimmed : "https://" + trimmed;
  }
}
