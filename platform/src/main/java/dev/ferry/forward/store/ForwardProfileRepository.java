package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Forward profiles per user; credentials go to the secret store, never into this table. */
@Repository
public class ForwardProfileRepository {

  private static final String SECRET_PURPOSE = "forward-profile";

  private final JdbcClient jdbc;
  private final SecretStore secrets;

  public ForwardProfileRepository(JdbcClient jdbc, SecretStore secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  /** What a caller may set; a null username/password on update keeps the stored credentials. */
  public record ProfileFields(
      String name,
      String baseUrl,
      String username,
      String password,
      boolean skipTlsVerify,
      String caCertificate,
      String preferredCollector,
      boolean isDefault) {}

  @Transactional
  public ForwardProfile create(UUID ownerId, ProfileFields fields) {
    UUID id = UUID.randomUUID();
    UUID secretId = secrets.put(SECRET_PURPOSE, fields.username() + ":" + fields.password());
    boolean makeDefault = fields.isDefault() || list(ownerId).isEmpty();
    if (makeDefault) {
      clearDefault(ownerId);
    }
    jdbc.sql(
            """
        INSERT INTO forward_profiles (id, owner_id, name, base_url, credentials_secret_id, skip_tls_verify,
          ca_certificate, preferred_collector, is_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            id,
            ownerId,
            fields.name(),
            ForwardProfile.normalizeBaseUrl(fields.baseUrl()),
            secretId,
            fields.skipTlsVerify(),
            fields.caCertificate(),
            fields.preferredCollector(),
            makeDefault)
        .update();
    return findById(id).orElseThrow();
  }

  @Transactional
  public ForwardProfile update(ForwardProfile existing, ProfileFields fields) {
    if (fields.username() != null && fields.password() != null) {
      secrets.replace(existing.credentialsSecretId(), fields.username() + ":" + fields.password());
    }
    if (fields.isDefault()) {
      clearDefault(existing.ownerId());
    }
    jdbc.sql(
            """
        UPDATE forward_profiles SET name = ?, base_url = ?, skip_tls_verify = ?, ca_certificate = ?,
          preferred_collector = ?, is_default = ?, updated_at = now() WHERE id = ?""")
        .params(
            fields.name(),
            ForwardProfile.normalizeBaseUrl(fields.baseUrl()),
            fields.skipTlsVerify(),
            fields.caCertificate(),
            fields.preferredCollector(),
            fields.isDefault() || existing.isDefault(),
            existing.id())
        .update();
    return findById(existing.id()).orElseThrow();
  }

  public List<ForwardProfile> list(UUID ownerId) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE owner_id = ? ORDER BY name")
        .param(ownerId)
        .query(ForwardProfile.class)
        .list();
  }

  public Optional<ForwardProfile> findById(UUID id) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE id = ?")
        .param(id)
        .query(ForwardProfile.class)
        .optional();
  }

  public Optional<ForwardProfile> find(UUID ownerId, String name) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE owner_id = ? AND name = ?")
        .params(ownerId, name)
        .query(ForwardProfile.class)
        .optional();
  }

  public Optional<ForwardProfile> findDefault(UUID ownerId) {
    return jdbc.sql("SELECT * FROM forward_profiles WHERE owner_id = ? AND is_default")
        .param(ownerId)
        .query(ForwardProfile.class)
        .optional();
  }

  /**
   * The Basic-auth pair ("user:secret"); only activities call this, at the moment they talk to
   * Forward.
   */
  public String credentials(ForwardProfile profile) {
    return secrets.get(profile.credentialsSecretId());
  }

  public boolean inUse(UUID profileId) {
    return jdbc.sql("SELECT count(*) FROM forward_deployments WHERE profile_id = ?")
            .param(profileId)
            .query(Long.class)
            .single()
        > 0;
  }

  @Transactional
  public void delete(ForwardProfile profile) {
    List<UUID> keys =
        jdbc.sql("SELECT key_secret_id FROM forward_collectors WHERE profile_id = ?")
            .param(profile.id())
            .query(UUID.class)
            .list();
    jdbc.sql("DELETE FROM forward_profiles WHERE id = ?").param(profile.id()).update();
    keys.forEach(secrets::delete);
    secrets.delete(profile.credentialsSecretId());
  }

  private void clearDefault(UUID ownerId) {
    jdbc.sql("UPDATE forward_profiles SET is_default = false WHERE owner_id = ? AND is_default")
        .param(ownerId)
        .update();
  }
}
