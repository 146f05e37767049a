package dev.ferry.forward.store;

import dev.ferry.platform.db.Rows;
import dev.ferry.platform.secrets.SecretRef;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Forward profiles per user. The password is only referenced ({@code password_secret_id}); {@link
 * ForwardProfileService} seals it.
 */
@Repository
public class ForwardProfileRepository {

  private final JdbcClient jdbc;

  public ForwardProfileRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the profile; it becomes the owner's default when asked or when it is the first. */
  public ForwardProfile insert(UUID ownerId, ForwardProfile.Settings settings, SecretRef password) {
    UUID id = UUID.randomUUID();
    boolean makeDefault = settings.isDefault() || list(ownerId).isEmpty();
    if (makeDefault) {
      clearDefault(ownerId);
    }
    jdbc.sql(
            """
        INSERT INTO forward_profiles (id, owner_id, name, base_url, username, password_secret_id,
          skip_tls_verify, ca_certificate, preferred_collector, is_default)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            ownerId,
            settings.name(),
            ForwardProfile.normalizeBaseUrl(settings.baseUrl()),
            settings.username(),
            password.id(),
            settings.skipTlsVerify(),
            settings.caCertificate(),
            settings.preferredCollector(),
            makeDefault)
        .update();
    return findById(id).orElseThrow();
  }

  public ForwardProfile update(ForwardProfile existing, ForwardProfile.Settings settings) {
    if (settings.isDefault()) {
      clearDefault(existing.ownerId());
    }
    jdbc.sql(
            """
        UPDATE forward_profiles SET name = ?, base_url = ?, username = COALESCE(?, username),
          skip_tls_verify = ?, ca_certificate = ?, preferred_collector = ?, is_default = ?,
          updated_at = now() WHERE id = ?""")
        .params(
            settings.name(),
            ForwardProfile.normalizeBaseUrl(settings.baseUrl()),
            settings.username(),
            settings.skipTlsVerify(),
            settings.caCertificate(),
            settings.preferredCollector(),
            settings.isDefault() || existing.isDefault(),
            existing.id())
        .update();
    return findById(existing.id()).orElseThrow();
  }

  public List<ForwardProfile> list(UUID ownerId) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE owner_id = ? ORDER BY name")
        .param(ownerId)
        .query(Rows.of(ForwardProfile.class))
        .list();
  }

  public Optional<ForwardProfile> findById(UUID id) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE id = ?")
        .param(id)
        .query(Rows.of(ForwardProfile.class))
        .optional();
  }

  public Optional<ForwardProfile> find(UUID ownerId, String name) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE owner_id = ? AND name = ?")
        .params(ownerId, name)
        .query(Rows.of(ForwardProfile.class))
        .optional();
  }

  public Optional<ForwardProfile> findDefault(UUID ownerId) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE owner_id = ? AND is_default")
        .param(ownerId)
        .query(Rows.of(ForwardProfile.class))
        .optional();
  }

  public boolean inUse(UUID profileId) {
    return jdbc.sql("SELECT count(*) FROM forward_deployments WHERE profile_id = ?")
            .param(profileId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Forgets the deployments that use the profile (a forced profile delete; their objects in Forward
   * stay) and returns the secrets their rows referred to, for the caller to delete.
   */
  public List<SecretRef> forgetDeployments(UUID profileId) {
    List<SecretRef> secrets =
        jdbc.sql(
                """
            SELECT jump_secret_id FROM forward_deployments
             WHERE profile_id = ? AND jump_secret_id IS NOT NULL
            UNION
            SELECT c.password_secret_id FROM forward_deployment_credentials c
              JOIN forward_deployments d ON d.id = c.deployment_id WHERE d.profile_id = ?""")
            .params(profileId, profileId)
            .query((rs, i) -> new SecretRef(rs.getObject(1, UUID.class)))
            .list();
    jdbc.sql("DELETE FROM forward_deployments WHERE profile_id = ?").param(profileId).update();
    return secrets;
  }

  /** Deletes the profile and, by cascade, its collectors. */
  public void delete(UUID profileId) {
    jdbc.sql("DELETE FROM forward_profiles WHERE id = ?").param(profileId).update();
  }

  private void clearDefault(UUID ownerId) {
    jdbc.sql("UPDATE forward_profiles SET is_default = false WHERE owner_id = ? AND is_default")
        .param(ownerId)
        .update();
  }
}
