package dev.ferry.api.auth;

import dev.ferry.platform.db.Rows;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users and their API tokens. A token is {@code fry_} plus 32 random bytes; only its SHA-256 is
 * stored, so a database leak yields no usable token. A high-entropy token needs no slow hash.
 */
@Repository
public class UserRepository {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How often a token's last use is written at most. */
  private static final long LAST_USE_RESOLUTION_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final JdbcClient jdbc;
  private final TokenCache recent;

  /** When this process last wrote each token's use (by hash), so it skips the write before then. */
  private final ConcurrentMap<String, Long> lastUseRecorded = new ConcurrentHashMap<>();

  public UserRepository(JdbcClient jdbc, FerryApiProperties properties) {
    this.jdbc = jdbc;
    this.recent = new TokenCache(properties.tokenCacheTtl(), System::nanoTime);
  }

  /** A user as the API shows it; {@code disabledAt} is set while the user is disabled. */
  public record User(
      UUID id, String name, String role, OffsetDateTime createdAt, OffsetDateTime disabledAt) {}

  private static final String USER_COLUMNS = "id, name, role, created_at, disabled_at";

  public record TokenInfo(
      UUID id, String name, OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {}

  /** A freshly issued token: the only moment its value exists outside the caller's hands. */
  public record IssuedToken(UUID id, String name, String token) {}

  public long countUsers() {
    return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
  }

  public User create(String name, Role role) {
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO users (id, name, role) VALUES (?, ?, ?)")
        .params(id, name, role.wireName())
        .update();
    return findByName(name).orElseThrow();
  }

  /** A user that is not deleted (disabled ones included). */
  public Optional<User> findByName(String name) {
    return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users WHERE name = ? AND deleted_at IS NULL")
        .param(name)
        .query(Rows.of(User.class))
        .optional();
  }

  /** Whether the name is in use, by a live user or a deleted one (their names stay reserved). */
  public boolean nameTaken(String name) {
    return jdbc.sql("SELECT count(*) FROM users WHERE name = ?")
            .param(name)
            .query(Long.class)
            .single()
        > 0;
  }

  public List<User> list() {
    return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users WHERE deleted_at IS NULL ORDER BY name")
        .query(Rows.of(User.class))
        .list();
  }

  /** Disables or re-enables a user; the user's tokens are refused while disabled, at once. */
  public User setDisabled(UUID userId, boolean disabled) {
    jdbc.sql(
            """
            UPDATE users SET disabled_at = CASE WHEN ? THEN coalesce(disabled_at, now()) END
            WHERE id = ? AND deleted_at IS NULL""")
        .params(disabled, userId)
        .update();
    recent.invalidateAll();
    return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?")
        .param(userId)
        .query(Rows.of(User.class))
        .single();
  }

  /**
   * Deletes a user: every token is revoked and the user is marked deleted, in one statement (so the
   * cache is emptied after both are committed). The row stays so that the name stays reserved and
   * the user's deployments keep their owner.
   */
  public void delete(UUID userId) {
    jdbc.sql(
            """
            WITH revoked AS (
              UPDATE api_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL)
            UPDATE users SET deleted_at = now() WHERE id = ? AND deleted_at IS NULL""")
        .params(userId, userId)
        .update();
    recent.invalidateAll();
  }

  public IssuedToken issueToken(UUID userId, String tokenName) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = "fry_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES (?, ?, ?, ?)")
        .params(id, userId, tokenName, hash(token))
        .update();
    return new IssuedToken(id, tokenName, token);
  }

  public List<TokenInfo> tokens(UUID userId) {
    return jdbc.sql(
            """
            SELECT id, name, created_at, last_used_at FROM api_tokens
            WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at""")
        .param(userId)
        .query(Rows.of(TokenInfo.class))
        .list();
  }

  public boolean revokeToken(UUID userId, UUID tokenId) {
    boolean revoked =
        jdbc.sql(
                    "UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .params(tokenId, userId)
                .update()
            > 0;
    recent.invalidateAll();
    return revoked;
  }

  /**
   * The caller a presented token belongs to, if the token is known and not revoked and its user is
   * neither disabled nor deleted. Answered from the {@link TokenCache} when this process checked
   * the token less than {@code ferry.api.token-cache-ttl} ago; revoking, disabling and deleting
   * here empty that cache, so they take effect at once.
   */
  public Optional<Caller> authenticate(String token) {
    if (token == null || !token.startsWith("fry_") || token.length() > 100) {
      return Optional.empty();
    }
    String tokenHash = hash(token);
    Optional<Caller> cached = recent.get(tokenHash);
    if (cached.isPresent()) {
      return cached;
    }
    long generation = recent.generation();
    Optional<Caller> caller =
        jdbc.sql(
                """
            SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL
              AND u.disabled_at IS NULL AND u.deleted_at IS NULL""")
            .param(tokenHash)
            .query(
                (rs, n) ->
                    new Caller(
                        rs.getObject(1, UUID.class), rs.getString(2), Role.parse(rs.getString(3))))
            .optional();
    recent.put(tokenHash, caller, generation);
    // At most one write a minute per token, and not even the round trip in between, so
    // authentication stays one read on busy pipelines.
    long now = System.nanoTime();
    Long recorded = lastUseRecorded.get(tokenHash);
    if (caller.isPresent() && (recorded == null || now - recorded > LAST_USE_RESOLUTION_NANOS)) {
      lastUseRecorded.put(tokenHash, now);
      jdbc.sql(
              """
          UPDATE api_tokens SET last_used_at = now() WHERE token_hash = ?
          AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
          .param(tokenHash)
          .update();
    }
    return caller;
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
