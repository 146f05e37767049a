package dev.ferry.foreman.store;

import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Connection test results per configuration, newest first; only the last few are kept. */
@Repository
public class ForemanTestResultRepository {

  private final JdbcClient jdbc;

  public ForemanTestResultRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record StoredResult(
      String id,
      UUID configId,
      OffsetDateTime testedAt,
      String outcome,
      String message,
      String foremanVersion,
      Long latencyMs,
      List<String> missingPermissions) {}

  /**
   * Inserts once per id (the producing run), then drops all but the newest {@code keep} for the
   * config.
   */
  public void record(StoredResult result, int keep) {
    jdbc.sql(
            """
            INSERT INTO foreman_test_results (id, config_id, tested_at, outcome, message, foreman_version, latency_ms,
              missing_permissions)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?
            WHERE EXISTS (SELECT 1 FROM foreman_configs WHERE id = ?)
            ON CONFLICT (id) DO NOTHING""")
        .params(
            result.id(),
            result.configId(),
            result.testedAt(),
            result.outcome(),
            result.message(),
            result.foremanVersion(),
            result.latencyMs(),
            result.missingPermissions().toArray(String[]::new),
            result.configId())
        .update();
    jdbc.sql(
            """
            DELETE FROM foreman_test_results WHERE config_id = ? AND id NOT IN (
              SELECT id FROM foreman_test_results WHERE config_id = ? ORDER BY tested_at DESC LIMIT ?)""")
        .params(result.configId(), result.configId(), keep)
        .update();
  }

  public List<StoredResult> latest(UUID configId, int limit) {
    return jdbc.sql(SELECT + " WHERE config_id = ? ORDER BY tested_at DESC LIMIT ?")
        .params(configId, limit)
        .query((rs, n) -> map(rs))
        .list();
  }

  /** The newest result of every configuration (configurations never tested are absent). */
  public List<StoredResult> newestPerConfig() {
    return jdbc.sql(
            "SELECT DISTINCT ON (config_id) "
                + SELECT.substring("SELECT ".length())
                + " ORDER BY config_id, tested_at DESC")
        .query((rs, n) -> map(rs))
        .list();
  }

  private static final String SELECT =
      """
      SELECT id, config_id, tested_at, outcome, message, foreman_version, latency_ms, missing_permissions
      FROM foreman_test_results""";

  private static StoredResult map(java.sql.ResultSet rs) throws SQLException {
    Array permissions = rs.getArray("missing_permissions");
    return new StoredResult(
        rs.getString("id"),
        rs.getObject("config_id", UUID.class),
        rs.getObject("tested_at", OffsetDateTime.class),
        rs.getString("outcome"),
        rs.getString("message"),
        rs.getString("foreman_version"),
        rs.getObject("latency_ms", Long.class),
        permissions == null ? List.of() : List.of((String[]) permissions.getArray()));
  }
}
