package dev.ferry.fort.store;

import dev.ferry.platform.db.Rows;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every provider action, queryable per cluster, host and service. */
@Repository
public class FortAuditLog {

  private final JdbcClient jdbc;

  public FortAuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(
      String cluster, String host, String service, String action, String outcome, String detail) {
    jdbc.sql(
            "INSERT INTO fort_audit (cluster, host, service, action, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)")
        .params(cluster, host, service, action, outcome, detail == null ? null : truncate(detail))
        .update();
  }

  /** Newest first; {@code host} and {@code service} filter when not null. */
  public List<AuditEntry> query(String cluster, String host, String service, int limit) {
    return jdbc.sql(
            """
        SELECT * FROM fort_audit WHERE cluster = ? AND (CAST(? AS TEXT) IS NULL OR host = ?)
          AND (CAST(? AS TEXT) IS NULL OR service = ?)
        ORDER BY id DESC LIMIT ?""")
        .params(cluster, host, host, service, service, limit)
        .query(Rows.of(AuditEntry.class))
        .list();
  }

  private static String truncate(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }
}
