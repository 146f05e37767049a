package dev.ferry.forward.store;

import dev.ferry.platform.db.Rows;
import dev.ferry.platform.secrets.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments, their devices and per-kind credentials. Passwords and the jump-server secret are
 * only referenced; {@link ForwardDeploymentService} seals them.
 */
@Repository
public class ForwardDeploymentRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  public ForwardDeploymentRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /**
   * {@code collectorName}: the collector a BYOS deployment names (option A), or null for the
   * profile's preferred one (also in {@link #update}).
   */
  public void insert(
      UUID id,
      UUID ownerId,
      String workspace,
      String name,
      String deploymentType,
      UUID profileId,
      String collectorName) {
    jdbc.sql(
            """
        INSERT INTO forward_deployments
          (id, owner_id, workspace, name, deployment_type, profile_id, collector_name)
        VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .params(id, ownerId, workspace, name, deploymentType, profileId, collectorName)
        .update();
  }

  public void update(
      ForwardDeployment existing, String deploymentType, UUID profileId, String collectorName) {
    if (!existing.profileId().equals(profileId)) {
      // Another Forward account: ids cached for the old one mean nothing there.
      forgetForwardIds(existing.id());
    }
    jdbc.sql(
            """
        UPDATE forward_deployments SET deployment_type = ?, profile_id = ?, collector_name = ?,
          updated_at = now() WHERE id = ?""")
        .params(deploymentType, profileId, collectorName, existing.id())
        .update();
  }

  /**
   * No jump server any more; the one in Forward is retired, deleted by the next sync once devices
   * moved off it.
   */
  public void clearJump(UUID id) {
    jdbc.sql(
            """
        UPDATE forward_deployments SET jump_host = NULL, jump_port = NULL, jump_username = NULL,
          jump_secret_id = NULL, retired_jump_server_id = COALESCE(jump_server_id, retired_jump_server_id),
          jump_server_id = NULL WHERE id = ?""")
        .param(id)
        .update();
  }

  /**
   * Sets a new jump server. The one in Forward is retired: the next sync creates the new one, moves
   * devices to it and then deletes the retired one.
   */
  public void setJump(
      UUID id, String host, int port, String username, SecretRef secret, boolean sshKey) {
    jdbc.sql(
            """
        UPDATE forward_deployments SET jump_host = ?, jump_port = ?, jump_username = ?, jump_secret_id = ?,
          jump_uses_ssh_key = ?, retired_jump_server_id = COALESCE(jump_server_id, retired_jump_server_id),
          jump_server_id = NULL WHERE id = ?""")
        .params(host, port, username, secret.id(), sshKey, id)
        .update();
  }

  public void insertCredential(
      UUID id, String kind, String username, SecretRef password, String fingerprint) {
    jdbc.sql(
            """
        INSERT INTO forward_deployment_credentials (deployment_id, kind, username, password_secret_id, fingerprint)
        VALUES (?, ?, ?, ?, ?)""")
        .params(id, kind, username, password.id(), fingerprint)
        .update();
  }

  /** The password behind the credential was resealed; the new fingerprint tells the sync. */
  public void updateCredential(UUID id, String kind, String username, String fingerprint) {
    jdbc.sql(
            "UPDATE forward_deployment_credentials SET username = ?, fingerprint = ? WHERE deployment_id = ? AND kind = ?")
        .params(username, fingerprint, id, kind)
        .update();
  }

  public void deleteCredential(UUID id, String kind) {
    jdbc.sql("DELETE FROM forward_deployment_credentials WHERE deployment_id = ? AND kind = ?")
        .params(id, kind)
        .update();
  }

  public void deleteDevices(UUID id) {
    jdbc.sql("DELETE FROM forward_deployment_devices WHERE deployment_id = ?").param(id).update();
  }

  /** Inserts the device list, numbering devices and endpoints from 0 each in the given order. */
  public void insertDevices(UUID id, List<DeploymentDevice> devices) {
    List<Object[]> rows = new ArrayList<>(devices.size());
    int[] next = new int[2];
    for (DeploymentDevice d : devices) {
      int position = next[d.endpoint() ? 1 : 0]++;
      rows.add(
          new Object[] {
            id, position, d.name(), d.kind(), d.host(), d.port(), d.endpoint(), d.forwardType()
          });
    }
    batch.batchUpdate(
        """
        INSERT INTO forward_deployment_devices (deployment_id, position, name, kind, host, port, endpoint, forward_type)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        rows);
  }

  public Optional<ForwardDeployment> find(String workspace, String name) {
    return jdbc.sql("SELECT * FROM forward_deployments WHERE workspace = ? AND name = ?")
        .params(workspace, name)
        .query(Rows.of(ForwardDeployment.class))
        .optional();
  }

  /**
   * As {@link #find}, locking the row until the transaction ends, so that a sync's {@link
   * #findCommitted} waits for what this transaction stores.
   */
  public Optional<ForwardDeployment> findForUpdate(String workspace, String name) {
    return jdbc.sql("SELECT * FROM forward_deployments WHERE workspace = ? AND name = ? FOR UPDATE")
        .params(workspace, name)
        .query(Rows.of(ForwardDeployment.class))
        .optional();
  }

  /**
   * Deployments ordered by workspace and name, optionally only one owner's (by user name) and one
   * workspace's; a null filter matches all.
   */
  public List<DeploymentSummary> list(String ownerName, String workspace) {
    return jdbc.sql(
            """
        SELECT d.workspace, d.name AS deployment, d.deployment_type, u.name AS owner, p.name AS profile,
          d.network_id, d.network_name,
          (SELECT count(*) FROM forward_deployment_devices v WHERE v.deployment_id = d.id AND NOT v.endpoint) AS devices,
          (SELECT count(*) FROM forward_deployment_devices v WHERE v.deployment_id = d.id AND v.endpoint) AS linux_hosts,
          d.synced_at, d.created_at
        FROM forward_deployments d JOIN users u ON u.id = d.owner_id
          LEFT JOIN forward_profiles p ON p.id = d.profile_id
        WHERE (CAST(? AS TEXT) IS NULL OR u.name = ?) AND (CAST(? AS TEXT) IS NULL OR d.workspace = ?)
        ORDER BY d.workspace, d.name""")
        .params(ownerName, ownerName, workspace, workspace)
        .query(Rows.of(DeploymentSummary.class))
        .list();
  }

  /**
   * The deployment, read once no transaction is writing it. The API stores a submission and starts
   * its sync in one transaction that commits after the start, so a sync's first read waits here for
   * that commit instead of planning from the previous device list. Empty while a new deployment's
   * row is not committed yet.
   */
  public Optional<ForwardDeployment> findCommitted(UUID id) {
    return jdbc.sql("SELECT * FROM forward_deployments WHERE id = ? FOR SHARE")
        .param(id)
        .query(Rows.of(ForwardDeployment.class))
        .optional();
  }

  public ForwardDeployment get(UUID id) {
    return jdbc.sql("SELECT * FROM forward_deployments WHERE id = ?")
        .param(id)
        .query(Rows.of(ForwardDeployment.class))
        .optional()
        .orElseThrow(() -> new IllegalArgumentException("no deployment " + id));
  }

  /** The owning user's name, used in Forward object names. */
  public String ownerName(ForwardDeployment deployment) {
    return jdbc.sql("SELECT name FROM users WHERE id = ?")
        .param(deployment.ownerId())
        .query(String.class)
        .single();
  }

  public int deviceCount(UUID id, boolean endpoint) {
    return jdbc.sql(
            "SELECT count(*) FROM forward_deployment_devices WHERE deployment_id = ? AND endpoint = ?")
        .params(id, endpoint)
        .query(Integer.class)
        .single();
  }

  /**
   * Devices with positions in [offset, offset + limit). Mapped by hand: a sync reads 10,000s of
   * rows, and the reflective record mapper costs more than the query.
   */
  public List<DeploymentDevice> devices(UUID id, boolean endpoint, int offset, int limit) {
    return jdbc.sql(
            """
        SELECT name, kind, host, port, endpoint, forward_type FROM forward_deployment_devices
        WHERE deployment_id = ? AND endpoint = ? AND position >= ? AND position < ? ORDER BY position""")
        .params(id, endpoint, offset, offset + limit)
        .query(Rows.of(DeploymentDevice.class))
        .list();
  }

  public List<DeploymentCredential> credentials(UUID id) {
    return jdbc.sql(
            """
        SELECT kind, username, password_secret_id, fingerprint, forward_id, forward_fingerprint, retired_forward_id
        FROM forward_deployment_credentials WHERE deployment_id = ? ORDER BY kind""")
        .param(id)
        .query(Rows.of(DeploymentCredential.class))
        .list();
  }

  /**
   * Records the Forward credential now used for a kind, remembering a replaced one for later
   * deletion.
   */
  public void recordCredential(
      UUID id, String kind, String forwardId, String fingerprint, String retiredForwardId) {
    jdbc.sql(
            """
        UPDATE forward_deployment_credentials SET forward_id = ?, forward_fingerprint = ?,
          retired_forward_id = COALESCE(?, retired_forward_id) WHERE deployment_id = ? AND kind = ?""")
        .params(forwardId, fingerprint, retiredForwardId, id, kind)
        .update();
  }

  public void clearRetiredCredential(UUID id, String kind) {
    jdbc.sql(
            "UPDATE forward_deployment_credentials SET retired_forward_id = NULL WHERE deployment_id = ? AND kind = ?")
        .params(id, kind)
        .update();
  }

  public void recordNetwork(UUID id, String networkId, String networkName) {
    jdbc.sql(
            "UPDATE forward_deployments SET network_id = ?, network_name = ?, updated_at = now() WHERE id = ?")
        .params(networkId, networkName, id)
        .update();
  }

  public void recordCollector(UUID id, String collectorUsername) {
    jdbc.sql("UPDATE forward_deployments SET collector_username = ? WHERE id = ?")
        .params(collectorUsername, id)
        .update();
  }

  public void recordJumpServer(UUID id, String jumpServerId) {
    jdbc.sql("UPDATE forward_deployments SET jump_server_id = ? WHERE id = ?")
        .params(jumpServerId, id)
        .update();
  }

  public void clearRetiredJumpServer(UUID id) {
    jdbc.sql("UPDATE forward_deployments SET retired_jump_server_id = NULL WHERE id = ?")
        .param(id)
        .update();
  }

  /** The Forward credential of a kind is gone (deleted in Forward): the next sync creates one. */
  public void forgetCredential(UUID id, String kind) {
    jdbc.sql(
            """
        UPDATE forward_deployment_credentials SET forward_id = NULL, forward_fingerprint = NULL
        WHERE deployment_id = ? AND kind = ?""")
        .params(id, kind)
        .update();
  }

  public void recordEndpointProfile(UUID id, String profileId) {
    jdbc.sql("UPDATE forward_deployments SET endpoint_profile_id = ? WHERE id = ?")
        .params(profileId, id)
        .update();
  }

  public void recordCollection(UUID id, String taskId, String snapshotId) {
    jdbc.sql(
            """
        UPDATE forward_deployments SET last_task_id = ?, last_snapshot_id = ?, synced_at = now(), updated_at = now()
        WHERE id = ?""")
        .params(taskId, snapshotId, id)
        .update();
  }

  /**
   * After destroy removed the deployment's credentials, jump server and endpoint profile from its
   * network, which stays: a later sync creates them again.
   */
  @Transactional
  public void forgetAccess(UUID id) {
    jdbc.sql(
            """
        UPDATE forward_deployments SET jump_server_id = NULL, retired_jump_server_id = NULL,
          endpoint_profile_id = NULL, updated_at = now() WHERE id = ?""")
        .param(id)
        .update();
    forgetCredentials(id);
  }

  /**
   * The collector task a sync started, kept before it is followed (a crash can repeat the start).
   */
  public void recordCollectionTask(UUID id, String taskId) {
    jdbc.sql("UPDATE forward_deployments SET last_task_id = ? WHERE id = ?")
        .params(taskId, id)
        .update();
  }

  /** The network's SNMP placeholder credential, if one was created. */
  public Optional<String> snmpCredential(UUID id) {
    return jdbc.sql("SELECT forward_id FROM forward_deployment_snmp WHERE deployment_id = ?")
        .param(id)
        .query(String.class)
        .optional();
  }

  public void recordSnmpCredential(UUID id, String forwardId) {
    jdbc.sql(
            """
        INSERT INTO forward_deployment_snmp (deployment_id, forward_id) VALUES (?, ?)
        ON CONFLICT (deployment_id) DO UPDATE SET forward_id = EXCLUDED.forward_id""")
        .params(id, forwardId)
        .update();
  }

  /** After the Forward network is gone, every id that pointed into it is stale. */
  @Transactional
  public void forgetForwardIds(UUID id) {
    jdbc.sql(
            """
        UPDATE forward_deployments SET network_id = NULL, network_name = NULL, jump_server_id = NULL,
          retired_jump_server_id = NULL, last_task_id = NULL, last_snapshot_id = NULL, updated_at = now()
        WHERE id = ?""")
        .param(id)
        .update();
    forgetCredentials(id);
  }

  private void forgetCredentials(UUID id) {
    jdbc.sql(
            """
        UPDATE forward_deployment_credentials SET forward_id = NULL, forward_fingerprint = NULL,
          retired_forward_id = NULL WHERE deployment_id = ?""")
        .param(id)
        .update();
  }
}
