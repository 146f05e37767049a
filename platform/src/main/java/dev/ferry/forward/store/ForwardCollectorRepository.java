package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretStore;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registered collectors and their authorization keys (Forward shows a key only once, so it is kept
 * sealed).
 */
@Repository
public class ForwardCollectorRepository {

  private final JdbcClient jdbc;
  private final SecretStore secrets;

  public ForwardCollectorRepository(JdbcClient jdbc, SecretStore secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  public Optional<ForwardCollector> find(UUID profileId, String scope) {
    return jdbc.sql("SELECT * FROM forward_collectors WHERE profile_id = ? AND scope = ?")
        .params(profileId, scope)
        .query(ForwardCollector.class)
        .optional();
  }

  @Transactional
  public ForwardCollector save(
      UUID profileId,
      String scope,
      String forwardId,
      String name,
      String username,
      String authorizationKey) {
    find(profileId, scope)
        .ifPresent(
            old -> {
              jdbc.sql("DELETE FROM forward_collectors WHERE id = ?").param(old.id()).update();
              secrets.delete(old.keySecretId());
            });
    UUID keyId = secrets.put("forward-collector-key", authorizationKey);
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
        INSERT INTO forward_collectors (id, profile_id, scope, forward_id, name, username, key_secret_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(id, profileId, scope, forwardId, name, username, keyId)
        .update();
    return find(profileId, scope).orElseThrow();
  }

  public String authorizationKey(ForwardCollector collector) {
    return secrets.get(collector.keySecretId());
  }
}
