package dev.ferry.forward.store;

import dev.ferry.platform.db.Rows;
import dev.ferry.platform.secrets.SecretRef;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Registered collectors. Their authorization keys are only referenced ({@code key_secret_id});
 * {@link ForwardProfileService} seals them.
 */
@Repository
public class ForwardCollectorRepository {

  private final JdbcClient jdbc;

  public ForwardCollectorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ForwardCollector> find(UUID profileId, String scope) {
    return jdbc.sql("SELECT * FROM forward_collectors WHERE profile_id = ? AND scope = ?")
        .params(profileId, scope)
        .query(Rows.of(ForwardCollector.class))
        .optional();
  }

  public ForwardCollector insert(
      UUID profileId,
      String scope,
      String forwardId,
      String name,
      String username,
      SecretRef authorizationKey) {
    jdbc.sql(
            """
        INSERT INTO forward_collectors (id, profile_id, scope, forward_id, name, username, key_secret_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            UUID.randomUUID(), profileId, scope, forwardId, name, username, authorizationKey.id())
        .update();
    return find(profileId, scope).orElseThrow();
  }

  /**
   * Whether any stored profile or deployment refers to the Forward collector with this name or
   * username: Ferry never deletes such a collector. A null argument matches nothing.
   */
  public boolean referenced(String name, String username) {
    return jdbc.sql(
            """
        SELECT EXISTS (SELECT 1 FROM forward_collectors WHERE name = ? OR username = ?)
          OR EXISTS (SELECT 1 FROM forward_profiles WHERE preferred_collector IN (?, ?))
          OR EXISTS (SELECT 1 FROM forward_deployments
                     WHERE collector_username IN (?, ?) OR collector_name IN (?, ?))""")
        .params(name, username, name, username, name, username, name, username)
        .query(Boolean.class)
        .single();
  }

  /** The profile's collectors, one per scope. */
  public List<ForwardCollector> forProfile(UUID profileId) {
    return jdbc.sql("SELECT * FROM forward_collectors WHERE profile_id = ? ORDER BY scope")
        .param(profileId)
        .query(Rows.of(ForwardCollector.class))
        .list();
  }

  /**
   * {@link #referenced} leaving out the profile itself and its own deployments: whether anything
   * else would lose this collector if it went with the profile.
   */
  public boolean referencedOutside(UUID profileId, String name, String username) {
    return jdbc.sql(
            """
        SELECT EXISTS (SELECT 1 FROM forward_collectors
                       WHERE profile_id <> ? AND (name = ? OR username = ?))
          OR EXISTS (SELECT 1 FROM forward_profiles
                     WHERE id <> ? AND preferred_collector IN (?, ?))
          OR EXISTS (SELECT 1 FROM forward_deployments WHERE profile_id <> ?
                     AND (collector_username IN (?, ?) OR collector_name IN (?, ?)))""")
        .params(
            profileId, name, username, profileId, name, username, profileId, name, username, name,
            username)
        .query(Boolean.class)
        .single();
  }

  public void delete(UUID id) {
    jdbc.sql("DELETE FROM forward_collectors WHERE id = ?").param(id).update();
  }

  /** The keys of a profile's collectors, to delete with the profile. */
  public List<SecretRef> keySecrets(UUID profileId) {
    return jdbc.sql("SELECT key_secret_id FROM forward_collectors WHERE profile_id = ?")
        .param(profileId)
        .query((rs, i) -> new SecretRef(rs.getObject(1, UUID.class)))
        .list();
  }
}
