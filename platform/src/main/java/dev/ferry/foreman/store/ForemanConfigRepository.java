package dev.ferry.foreman.store;

import dev.ferry.platform.db.Rows;
import dev.ferry.platform.secrets.SecretRef;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Foreman configuration rows. The credential is only referenced ({@code secret_id}); {@link
 * ForemanConfigService} seals it.
 */
@Repository
public class ForemanConfigRepository {

  private static final String COLUMNS =
      """
      id, name, base_url, username, secret_id, verify_tls, ca_bundle_pem, connect_timeout_ms, read_timeout_ms,
      hypervisor_search, created_at, updated_at""";

  private final JdbcClient jdbc;

  public ForemanConfigRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<ForemanConfig> list() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM foreman_configs ORDER BY name")
        .query(Rows.of(ForemanConfig.class))
        .list();
  }

  public List<UUID> ids() {
    return jdbc.sql("SELECT id FROM foreman_configs ORDER BY name").query(UUID.class).list();
  }

  public Optional<ForemanConfig> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM foreman_configs WHERE id = ?")
        .param(id)
        .query(Rows.of(ForemanConfig.class))
        .optional();
  }

  public Optional<ForemanConfig> findByName(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM foreman_configs WHERE name = ?")
        .param(name)
        .query(Rows.of(ForemanConfig.class))
        .optional();
  }

  public ForemanConfig insert(UUID id, ForemanConfig.Settings settings, SecretRef secret) {
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
            secret.id(),
            settings.verifyTls(),
            settings.caBundlePem(),
            settings.connectTimeoutMs(),
            settings.readTimeoutMs(),
            settings.hypervisorSearch())
        .update();
    return find(id).orElseThrow();
  }

  /** Updates the settings; the credential is not a column here but a secret behind the row. */
  public Optional<ForemanConfig> update(UUID id, ForemanConfig.Settings settings) {
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

  public void delete(UUID id) {
    jdbc.sql("DELETE FROM foreman_configs WHERE id = ?").param(id).update();
  }
}
