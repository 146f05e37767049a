package dev.ferry.foreman.store;

import dev.ferry.platform.secrets.SecretStore;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes Foreman configurations: seals the credential and writes the row in
 * one transaction, so a configuration never points at a missing secret or leaves one behind.
 */
@Service
public class ForemanConfigService {

  private final ForemanConfigRepository configs;
  private final SecretStore secrets;

  public ForemanConfigService(ForemanConfigRepository configs, SecretStore secrets) {
    this.configs = configs;
    this.secrets = secrets;
  }

  @Transactional
  public ForemanConfig create(ForemanConfig.Settings settings, String credential) {
    UUID id = UUID.randomUUID();
    return configs.insert(id, settings, secrets.seal("foreman:" + id, credential));
  }

  /**
   * Updates the settings; a non-null credential replaces the stored one (rotation), null keeps it.
   */
  @Transactional
  public Optional<ForemanConfig> update(
      UUID id, ForemanConfig.Settings settings, String credential) {
    Optional<ForemanConfig> existing = configs.find(id);
    if (existing.isEmpty()) {
      return existing;
    }
    if (credential != null) {
      secrets.reseal(existing.get().secretId(), credential);
    }
    return configs.update(id, settings);
  }

  @Transactional
  public boolean delete(UUID id) {
    Optional<ForemanConfig> existing = configs.find(id);
    if (existing.isEmpty()) {
      return false;
    }
    configs.delete(id);
    secrets.delete(existing.get().secretId());
    return true;
  }
}
