package dev.ferry.foreman.store;

import dev.ferry.platform.secrets.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Foreman configurations; writes the credential to the secret store in the same transaction as the
 * row.
 */
@Repository
public class ForemanConfigRepository {

  private static final String COLUMNS =
      """
      id, name, base_url, username, secret_id, verify_tls, ca_bundle_pem, connect_timeout_ms, read_timeout_ms,
      hypervisor_search, created_at, updated_at""";

  private final JdbcClient jdbc;
  private final SecretStore secrets;

  public ForemanConfigRepository(JdbcClient jdbc, SecretStore secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  public List<ForemanConfig> list() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM foreman_configs ORDER BY name")
        .query(ForemanConfig.class)
        .list();
  }

  public List<UUID> ids() {
    return jdbc.sql("SELECT id FROM foreman_configs ORDER BY name").query(UUID.class).list();
  }

  public Optional<ForemanConfig> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM foreman_configs WHERE id = ?")
        .param(id)
        .query(ForemanConfig.class)
        .optional();
  }

  public Optional<ForemanConfig> findByName(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM foreman_configs WHERE name = ?")
        .param(name)
        .query(ForemanConfig.class)
        .optional();
  }

  @Transactional
  public ForemanConfig create(ForemanConfig.Settings settings, String credential) {
    UUID id = UUID.randomUUID();
    UUID secretId = secrets.put("foreman:" + id, credential);
    jdbc.sql(
            """
            INSERT INTO foreman_configs (id, name, base_url, username, secret_id, verify_tls, ca_bundle_pem,
              connect_timeout_ms, read_timeout_ms, hypervisor_search)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            settings.name(),
            settings.baseUrl(),
            settings.username(),
            secretId,
            settings.verifyTls(),
            settings.caBundlePem(),
            settings.connectTimeoutMs(),
            settings.readTimeoutMs(),
            settings.hypervisorSearch())
        .update();
    return find(id).orElseThrow();
  }

  /**
   * Updates the settings; a non-null credential replaces the stored one (rotation), null keeps it.
   */
  @Transactional
  public Optional<ForemanConfig> update(
      UUID id, ForemanConfig.Settings settings, String credential) {
    Optional<ForemanConfig> existing = find(id);
    if (existing.isEmpty()) {
      return existing;
    }
    if (credential != null) {
      secrets.replace(existing.get().secretId(), credential);
    }
    jdbc.sql(
            """
            UPDATE foreman_configs SET name = ?, base_url = ?, username = ?, verify_tls = ?, ca_bundle_pem = ?,
              connect_timeout_ms = ?, read_timeout_ms = ?, hypervisor_search = ?, updated_at = now()
            WHERE id = ?""")
        .params(
            settings.name(),
            settings.baseUrl(),
            settings.username(),
            settings.verifyTls(),
            settings.caBundlePem(),
            settings.connectTimeoutMs(),
            settings.readTimeoutMs(),
            settings.hypervisorSearch(),
            id)
        .update();
    return find(id);
  }

  @Transactional
  public boolean delete(UUID id) {
    Optional<ForemanConfig> existing = find(id);
    if (existing.isEmpty()) {
      return false;
    }
    jdbc.sql("DELETE FROM foreman_configs WHERE id = ?").param(id).update();
    secrets.delete(existing.get().secretId());
    return true;
  }
}
