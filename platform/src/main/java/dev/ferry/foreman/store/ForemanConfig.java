package dev.ferry.foreman.store;

import dev.ferry.platform.secrets.SecretRef;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A Foreman instance as stored: everything needed to reach it except the credential, which stays in
 * the secret store behind {@code secretId}.
 */
public record ForemanConfig(
    UUID id,
    String name,
    String baseUrl,
    String username,
    SecretRef secretId,
    boolean verifyTls,
    String caBundlePem,
    int connectTimeoutMs,
    int readTimeoutMs,
    String hypervisorSearch,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /**
   * The fields a caller chooses; the credential travels separately so it never sits in a record
   * that gets logged.
   */
  public record Settings(
      String name,
      String baseUrl,
      String username,
      boolean verifyTls,
      String caBundlePem,
      int connectTimeoutMs,
      int readTimeoutMs,
      String hypervisorSearch) {}
}
