package dev.ferry.fort.store;

import dev.ferry.platform.db.Rows;
import dev.ferry.platform.secrets.SecretRef;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Clusters, their hosts and principals. */
@Repository
public class FortClusterRepository {

  private final JdbcClient jdbc;

  public FortClusterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(FortCluster c) {
    jdbc.sql(
            """
        INSERT INTO fort_clusters (name, domain, pocket_id_url, pocket_id_key_secret, forgejo_url, forgejo_user,
          forgejo_password_secret, ca_certificate_pem, ca_key_secret, beacon_host, beacon_listen_port, beacon_tls_port,
          beacon_proxy_root, signing_key_secret, signing_public_key, interval_seconds, removal_grace_seconds,
          renew_before_seconds, certificate_days, token_hours)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            c.name(),
            c.domain(),
            c.pocketIdUrl(),
            SecretRef.column(c.pocketIdKeySecret()),
            c.forgejoUrl(),
            c.forgejoUser(),
            SecretRef.column(c.forgejoPasswordSecret()),
            c.caCertificatePem(),
            SecretRef.column(c.caKeySecret()),
            c.beaconHost(),
            c.beaconListenPort(),
            c.beaconTlsPort(),
            c.beaconProxyRoot(),
            SecretRef.column(c.signingKeySecret()),
            c.signingPublicKey(),
            c.intervalSeconds(),
            c.removalGraceSeconds(),
            c.renewBeforeSeconds(),
            c.certificateDays(),
            c.tokenHours())
        .update();
  }

  /** Whether the cluster exists, without reading (and mapping) its row. */
  public boolean exists(String name) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM fort_clusters WHERE name = ?)")
        .param(name)
        .query(Boolean.class)
        .single();
  }

  public Optional<FortCluster> find(String name) {
    return jdbc.sql("SELECT * FROM fort_clusters WHERE name = ?")
        .param(name)
        .query(Rows.of(FortCluster.class))
        .optional();
  }

  public List<FortCluster> list() {
    return jdbc.sql("SELECT * FROM fort_clusters ORDER BY name")
        .query(Rows.of(FortCluster.class))
        .list();
  }

  /** The CA certificate re-issued with name constraints (same key, same subject). */
  public void updateCaCertificate(String name, String caCertificatePem) {
    jdbc.sql("UPDATE fort_clusters SET ca_certificate_pem = ? WHERE name = ?")
        .params(caCertificatePem, name)
        .update();
  }

  public void delete(String name) {
    jdbc.sql("DELETE FROM fort_clusters WHERE name = ?").param(name).update();
  }

  /** Hosts that may receive read-write Forgejo tokens. */
  public List<String> gitWriteHosts(String cluster) {
    return jdbc.sql("SELECT git_write_hosts FROM fort_clusters WHERE name = ?")
        .param(cluster)
        .query((rs, i) -> strings(rs.getArray(1)))
        .optional()
        .orElse(List.of());
  }

  public void setGitWriteHosts(String cluster, List<String> hosts) {
    jdbc.sql("UPDATE fort_clusters SET git_write_hosts = ? WHERE name = ?")
        .params(hosts.toArray(String[]::new), cluster)
        .update();
  }

  /** Replaces the provider settings; the secret references are the already sealed new ones. */
  public void updateProviders(FortCluster c) {
    jdbc.sql(
            """
        UPDATE fort_clusters SET pocket_id_url = ?, pocket_id_key_secret = ?, forgejo_url = ?,
          forgejo_user = ?, forgejo_password_secret = ? WHERE name = ?""")
        .params(
            c.pocketIdUrl(),
            SecretRef.column(c.pocketIdKeySecret()),
            c.forgejoUrl(),
            c.forgejoUser(),
            SecretRef.column(c.forgejoPasswordSecret()),
            c.name())
        .update();
  }

  public Optional<FortProviderStatus> providerStatus(String cluster) {
    return jdbc.sql("SELECT * FROM fort_provider_status WHERE cluster = ?")
        .param(cluster)
        .query(Rows.of(FortProviderStatus.class))
        .optional();
  }

  public void recordProviderStatus(
      String cluster, String pocketIdVersion, OffsetDateTime keyExpiresAt) {
    jdbc.sql(
            """
        INSERT INTO fort_provider_status (cluster, pocket_id_version, pocket_id_key_expires_at, checked_at)
        VALUES (?, ?, ?, now())
        ON CONFLICT (cluster) DO UPDATE SET pocket_id_version = EXCLUDED.pocket_id_version,
          pocket_id_key_expires_at = EXCLUDED.pocket_id_key_expires_at, checked_at = now()""")
        .params(cluster, pocketIdVersion, keyExpiresAt)
        .update();
  }

  /** Forgets what was learnt, e.g. after the settings changed. */
  public void clearProviderStatus(String cluster) {
    jdbc.sql("DELETE FROM fort_provider_status WHERE cluster = ?").param(cluster).update();
  }

  public void upsertHost(FortHost h) {
    jdbc.sql(
            """
        INSERT INTO fort_hosts (cluster, name, agent_url, address, public_key) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (cluster, name) DO UPDATE
          SET agent_url = EXCLUDED.agent_url, address = EXCLUDED.address, public_key = EXCLUDED.public_key""")
        .params(h.cluster(), h.name(), h.agentUrl(), h.address(), h.publicKey())
        .update();
  }

  public List<FortHost> hosts(String cluster) {
    return jdbc.sql(
            "SELECT cluster, name, agent_url, address, public_key FROM fort_hosts WHERE cluster = ? ORDER BY name")
        .param(cluster)
        .query(Rows.of(FortHost.class))
        .list();
  }

  public Optional<FortHost> host(String cluster, String name) {
    return jdbc.sql(
            "SELECT cluster, name, agent_url, address, public_key FROM fort_hosts WHERE cluster = ? AND name = ?")
        .params(cluster, name)
        .query(Rows.of(FortHost.class))
        .optional();
  }

  public boolean deleteHost(String cluster, String name) {
    return jdbc.sql("DELETE FROM fort_hosts WHERE cluster = ? AND name = ?")
            .params(cluster, name)
            .update()
        > 0;
  }

  public void upsertPrincipal(FortPrincipal p) {
    jdbc.sql(
            """
        INSERT INTO fort_principals (cluster, name, public_keys, roles) VALUES (?, ?, ?, ?)
        ON CONFLICT (cluster, name) DO UPDATE SET public_keys = EXCLUDED.public_keys, roles = EXCLUDED.roles""")
        .params(
            p.cluster(),
            p.name(),
            p.publicKeys().toArray(String[]::new),
            p.roles().toArray(String[]::new))
        .update();
  }

  public List<FortPrincipal> principals(String cluster) {
    return jdbc.sql(
            "SELECT cluster, name, public_keys, roles FROM fort_principals WHERE cluster = ? ORDER BY name")
        .param(cluster)
        .query((rs, i) -> principal(rs))
        .list();
  }

  public boolean deletePrincipal(String cluster, String name) {
    return jdbc.sql("DELETE FROM fort_principals WHERE cluster = ? AND name = ?")
            .params(cluster, name)
            .update()
        > 0;
  }

  private static FortPrincipal principal(ResultSet rs) throws SQLException {
    return new FortPrincipal(
        rs.getString("cluster"),
        rs.getString("name"),
        strings(rs.getArray("public_keys")),
        strings(rs.getArray("roles")));
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }
}
