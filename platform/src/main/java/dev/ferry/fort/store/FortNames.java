package dev.ferry.fort.store;

import dev.ferry.platform.db.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who owns each public name of a cluster. A name is bound to the (host, service) that claimed it
 * first; a later claim by anyone else is refused, and only {@link #transfer} moves it. That is what
 * stops one host's manifest from taking over another host's OIDC client, certificate or proxy
 * entry.
 */
@Repository
public class FortNames {

  /** A (host, service) declaring {@code fqdn}. */
  public record Claim(String host, String service, String fqdn) {}

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  public FortNames(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /**
   * Claims every unowned name in the given order (the first claimant of a name wins) and answers
   * the owner of every name of the cluster.
   */
  @Transactional
  public Map<String, Claim> claim(String cluster, List<Claim> declared) {
    Map<String, Claim> owners = owners(cluster);
    List<Claim> fresh = new ArrayList<>();
    for (Claim c : declared) {
      if (!owners.containsKey(c.fqdn())) {
        owners.put(c.fqdn(), c); // so a second claimant in the same batch is not inserted
        fresh.add(c);
      }
    }
    if (fresh.isEmpty()) {
      return owners;
    }
    batch.batchUpdate(
        """
        INSERT INTO fort_names (cluster, fqdn, host, service) VALUES (?, ?, ?, ?)
        ON CONFLICT (cluster, fqdn) DO NOTHING""",
        fresh,
        500,
        (ps, c) -> {
          ps.setString(1, cluster);
          ps.setString(2, c.fqdn());
          ps.setString(3, c.host());
          ps.setString(4, c.service());
        });
    return owners(cluster); // another cycle may have won a race: the table is the truth
  }

  /**
   * Releases the names the given hosts (read this cycle) no longer declare, unless their service is
   * in its removal grace period (its credentials still exist, so its name is still taken).
   */
  public void release(String cluster, List<String> readHosts, List<Claim> declared) {
    if (readHosts.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
        DELETE FROM fort_names n
        WHERE n.cluster = ? AND n.host IN (SELECT unnest(CAST(? AS TEXT[])))
          AND (n.host || ' ' || n.service || ' ' || n.fqdn) NOT IN (SELECT unnest(CAST(? AS TEXT[])))
          AND NOT EXISTS (SELECT 1 FROM fort_fulfilments f WHERE f.cluster = n.cluster AND f.host = n.host
                            AND f.service = n.service AND f.gone_since IS NOT NULL)""")
        .params(
            cluster,
            readHosts.toArray(String[]::new),
            declared.stream()
                .map(c -> c.host() + " " + c.service() + " " + c.fqdn())
                .toArray(String[]::new))
        .update();
  }

  public Optional<Claim> owner(String cluster, String fqdn) {
    return jdbc.sql("SELECT host, service, fqdn FROM fort_names WHERE cluster = ? AND fqdn = ?")
        .params(cluster, fqdn)
        .query(Rows.of(Claim.class))
        .optional();
  }

  public List<Claim> names(String cluster, String host, String service) {
    return jdbc.sql(
            """
        SELECT host, service, fqdn FROM fort_names WHERE cluster = ? AND host = ? AND service = ?
        ORDER BY fqdn""")
        .params(cluster, host, service)
        .query(Rows.of(Claim.class))
        .list();
  }

  /**
   * Moves a service to another host, in one transaction: its names and its OIDC client (the same
   * client id, with a new secret at the next cycle, so the old host's copy stops working). What
   * stays behind on the old host (certificate, proxy entry) is revoked at the next cycle, without
   * waiting for the grace period. Answers the number of names moved (0: nothing to move).
   */
  @Transactional
  public int transfer(String cluster, String fromHost, String service, String toHost) {
    int moved =
        jdbc.sql(
                """
            UPDATE fort_names SET host = ?, claimed_at = now()
            WHERE cluster = ? AND host = ? AND service = ?""")
            .params(toHost, cluster, fromHost, service)
            .update();
    if (moved == 0) {
      return 0;
    }
    jdbc.sql(
            "DELETE FROM fort_fulfilments WHERE cluster = ? AND host = ? AND service = ? AND need = 'oidc'")
        .params(cluster, toHost, service)
        .update();
    // the client's binding goes to the new host, asking for a new secret there ...
    jdbc.sql(
            """
        INSERT INTO fort_fulfilments (cluster, host, service, need, fingerprint, remote_id, delivered_at,
          rotate_requested)
        SELECT cluster, ?, service, need, 'transferred', remote_id, now(), true FROM fort_fulfilments
        WHERE cluster = ? AND host = ? AND service = ? AND need = 'oidc'""")
        .params(toHost, cluster, fromHost, service)
        .update();
    // ... and the old host's rows are revoked by the next cycle without waiting for the grace
    // period; its OIDC row no longer names the client, so only its files are deleted there
    jdbc.sql(
            """
        UPDATE fort_fulfilments SET gone_since = to_timestamp(0),
          remote_id = CASE WHEN need = 'oidc' THEN NULL ELSE remote_id END
        WHERE cluster = ? AND host = ? AND service = ?""")
        .params(cluster, fromHost, service)
        .update();
    return moved;
  }

  private Map<String, Claim> owners(String cluster) {
    Map<String, Claim> owners = new LinkedHashMap<>();
    jdbc.sql("SELECT host, service, fqdn FROM fort_names WHERE cluster = ?")
        .param(cluster)
        .query(Rows.of(Claim.class))
        .list()
        .forEach(c -> owners.put(c.fqdn(), c));
    return owners;
  }
}
