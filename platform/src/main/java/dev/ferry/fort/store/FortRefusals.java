package dev.ferry.fort.store;

import dev.ferry.platform.db.Rows;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The refused declarations of each host, as of its last manifest read. Each refusal is audited
 * once, when it appears or its reason changes, not every cycle.
 */
@Repository
public class FortRefusals {

  private final JdbcClient jdbc;
  private final FortAuditLog audit;

  public FortRefusals(JdbcClient jdbc, FortAuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /**
   * Replaces the refusals of the hosts read this cycle with {@code current} (entries for other
   * hosts are ignored); answers how many are new or changed.
   */
  @Transactional
  public int record(String cluster, List<String> readHosts, List<ServiceRefusal> current) {
    Set<String> read = new HashSet<>(readHosts);
    Map<String, ServiceRefusal> before = new HashMap<>();
    list(cluster, null).stream()
        .filter(r -> read.contains(r.host()))
        .forEach(r -> before.put(key(r), r));
    int changed = 0;
    for (ServiceRefusal r : current) {
      if (!read.contains(r.host())) {
        continue;
      }
      ServiceRefusal old = before.remove(key(r));
      if (old != null && old.reason().equals(r.reason()) && Objects.equals(old.fqdn(), r.fqdn())) {
        continue;
      }
      jdbc.sql(
              """
          INSERT INTO fort_refusals (cluster, host, service, fqdn, reason) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (cluster, host, service) DO UPDATE
            SET fqdn = EXCLUDED.fqdn, reason = EXCLUDED.reason, since = now()""")
          .params(cluster, r.host(), r.service(), r.fqdn(), r.reason())
          .update();
      audit.record(
          cluster,
          r.host(),
          r.service(),
          "manifest.refuse",
          "refused",
          (r.fqdn() == null ? "" : r.fqdn() + ": ") + r.reason());
      changed++;
    }
    for (ServiceRefusal gone : before.values()) { // fixed in the manifest, or removed from it
      jdbc.sql("DELETE FROM fort_refusals WHERE cluster = ? AND host = ? AND service = ?")
          .params(cluster, gone.host(), gone.service())
          .update();
    }
    return changed;
  }

  /** Newest first; {@code host} filters when not null. */
  public List<ServiceRefusal> list(String cluster, String host) {
    return jdbc.sql(
            """
        SELECT * FROM fort_refusals WHERE cluster = ? AND (CAST(? AS TEXT) IS NULL OR host = ?)
        ORDER BY host, service""")
        .params(cluster, host, host)
        .query(Rows.of(ServiceRefusal.class))
        .list();
  }

  private static String key(ServiceRefusal r) {
    return r.host() + "\n" + r.service();
  }
}
