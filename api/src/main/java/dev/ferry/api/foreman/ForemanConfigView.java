package dev.ferry.api.foreman;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanTestResultRepository.StoredResult;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A configuration as the API shows it: never the credential, only whether one is stored. */
public record ForemanConfigView(
    UUID id,
    String name,
    String baseUrl,
    String username,
    boolean hasCredentials,
    boolean verifyTls,
    String caBundlePem,
    int connectTimeoutMs,
    int readTimeoutMs,
    String hypervisorSearch,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    StoredResult lastTest) {

  /** What a user who is not an admin sees of a configuration: enough to read its inventory. */
  public record Summary(UUID id, String name) {
    static Summary of(ForemanConfig c) {
      return new Summary(c.id(), c.name());
    }
  }

  static ForemanConfigView of(ForemanConfig c, StoredResult lastTest) {
    return new ForemanConfigView(
        c.id(),
        c.name(),
        c.baseUrl(),
        c.username(),
        c.secretId() != null,
        c.verifyTls(),
        c.caBundlePem(),
        c.connectTimeoutMs(),
        c.readTimeoutMs(),
        c.hypervisorSearch(),
        c.createdAt(),
        c.updatedAt(),
        lastTest);
  }
}
