package dev.ferry.fort.store;

import dev.ferry.platform.db.Rows;
import java.sql.Array;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Fulfilment state and host health: what the reconcile cycle compares manifests against. */
@Repository
public class FortStateRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  public FortStateRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** The outcome of reading one host's manifest; {@code services} is null when the read failed. */
  public record ManifestRead(String host, String failure, List<String> services) {}

  public List<Fulfilment> fulfilments(String cluster) {
    return jdbc.sql("SELECT * FROM fort_fulfilments WHERE cluster = ? ORDER BY host, service, need")
        .param(cluster)
        .query(Rows.of(Fulfilment.class))
        .list();
  }

  public List<Fulfilment> fulfilments(String cluster, String host) {
    return jdbc.sql(
            "SELECT * FROM fort_fulfilments WHERE cluster = ? AND host = ? ORDER BY service, need")
        .params(cluster, host)
        .query(Rows.of(Fulfilment.class))
        .list();
  }

  public Optional<Fulfilment> fulfilment(String cluster, String host, String service, String need) {
    return jdbc.sql(
            "SELECT * FROM fort_fulfilments WHERE cluster = ? AND host = ? AND service = ? AND need = ?")
        .params(cluster, host, service, need)
        .query(Rows.of(Fulfilment.class))
        .optional();
  }

  /** Records a delivery; clears any pending removal or rotation request. */
  public void fulfilled(
      String cluster,
      String host,
      String service,
      String need,
      String fingerprint,
      String remoteId,
      OffsetDateTime expiresAt) {
    jdbc.sql(
            """
        INSERT INTO fort_fulfilments (cluster, host, service, need, fingerprint, remote_id, expires_at, delivered_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, now())
        ON CONFLICT (cluster, host, service, need) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, remote_id = EXCLUDED.remote_id, expires_at = EXCLUDED.expires_at,
              delivered_at = now(), gone_since = NULL, rotate_requested = false""")
        .params(cluster, host, service, need, fingerprint, remoteId, expiresAt)
        .update();
  }

  /**
   * Binds a remote object Ferry just created (an OIDC client) to its (host, service) before its
   * credential is delivered: the row asks for a rotation, so the next attempt reuses the object and
   * delivers a fresh secret instead of creating another one.
   */
  public void bound(String cluster, String host, String service, String need, String remoteId) {
    jdbc.sql(
            """
        INSERT INTO fort_fulfilments (cluster, host, service, need, fingerprint, remote_id, delivered_at,
          rotate_requested)
        VALUES (?, ?, ?, ?, 'bound', ?, now(), true)
        ON CONFLICT (cluster, host, service, need) DO UPDATE
          SET remote_id = EXCLUDED.remote_id, rotate_requested = true""")
        .params(cluster, host, service, need, remoteId)
        .update();
  }

  public void forget(String cluster, String host, String service, String need) {
    jdbc.sql(
            "DELETE FROM fort_fulfilments WHERE cluster = ? AND host = ? AND service = ? AND need = ?")
        .params(cluster, host, service, need)
        .update();
  }

  /**
   * Records a whole cycle's reads in two batches: health for every host, and for reachable hosts
   * which delivered services left the manifest (starting their removal grace period) or came back.
   */
  @Transactional
  public void recordReads(String cluster, List<ManifestRead> reads) {
    batch.batchUpdate(
        """
        INSERT INTO fort_host_health (cluster, host, reachable, last_manifest_at, last_checked_at, last_failure,
          last_failure_at)
        VALUES (?, ?, ?, CASE WHEN ? THEN now() END, now(), ?, CASE WHEN ? THEN NULL ELSE now() END)
        ON CONFLICT (cluster, host) DO UPDATE SET reachable = EXCLUDED.reachable, last_checked_at = now(),
          last_manifest_at = coalesce(EXCLUDED.last_manifest_at, fort_host_health.last_manifest_at),
          last_failure = coalesce(EXCLUDED.last_failure, fort_host_health.last_failure),
          last_failure_at = coalesce(EXCLUDED.last_failure_at, fort_host_health.last_failure_at)""",
        reads,
        500,
        (ps, r) -> {
          boolean ok = r.services() != null;
          ps.setString(1, cluster);
          ps.setString(2, r.host());
          ps.setBoolean(3, ok);
          ps.setBoolean(4, ok);
          ps.setString(5, r.failure());
          ps.setBoolean(6, ok);
        });
    List<ManifestRead> reachable = reads.stream().filter(r -> r.services() != null).toList();
    batch.batchUpdate(
        """
        UPDATE fort_fulfilments
          SET gone_since = CASE WHEN service = ANY(?) THEN NULL ELSE coalesce(gone_since, now()) END
        WHERE cluster = ? AND host = ? AND need NOT IN ('git-token', 'agent-tls') AND (gone_since IS NULL) = (service <> ALL(?))""",
        reachable,
        500,
        (ps, r) -> {
          Array present = ps.getConnection().createArrayOf("text", r.services().toArray());
          ps.setArray(1, present);
          ps.setString(2, cluster);
          ps.setString(3, r.host());
          ps.setArray(4, present);
        });
  }

  /**
   * Asks the next cycle to re-issue and re-deliver; {@code service} null means every service of the
   * host.
   */
  public int requestRotation(String cluster, String host, String service) {
    return jdbc.sql(
            """
        UPDATE fort_fulfilments SET rotate_requested = true
        WHERE cluster = ? AND host = ? AND (CAST(? AS TEXT) IS NULL OR service = ?) AND need <> 'proxy'""")
        .params(cluster, host, service, service)
        .update();
  }

  /** A task that failed for good; the host answered its manifest read, so it stays reachable. */
  public void failed(String cluster, String host, String failure) {
    jdbc.sql(
            """
        INSERT INTO fort_host_health (cluster, host, reachable, last_checked_at, last_failure, last_failure_at)
        VALUES (?, ?, true, now(), ?, now())
        ON CONFLICT (cluster, host) DO UPDATE SET last_failure = EXCLUDED.last_failure, last_failure_at = now()""")
        .params(cluster, host, failure)
        .update();
  }

  public List<HostHealth> health(String cluster) {
    return jdbc.sql("SELECT * FROM fort_host_health WHERE cluster = ? ORDER BY host")
        .param(cluster)
        .query(Rows.of(HostHealth.class))
        .list();
  }
}
