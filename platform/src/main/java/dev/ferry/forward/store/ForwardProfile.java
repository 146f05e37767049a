package dev.ferry.forward.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A user's named Forward connection. The credentials are only a reference into the secret store.
 */
public record ForwardProfile(
    UUID id,
    UUID ownerId,
    String name,
    String baseUrl,
    UUID credentialsSecretId,
    boolean skipTlsVerify,
    String caCertificate,
    String preferredCollector,
    boolean isDefault,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

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
