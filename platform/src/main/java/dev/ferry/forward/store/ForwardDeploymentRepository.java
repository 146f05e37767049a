package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments, their devices and per-kind credentials. The API writes a submission here (passwords
 * into the secret store); the sync workflow then carries only the deployment id and reads batches
 * back by position.
 */
@Repository
public class ForwardDeploymentRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final SecretStore secrets;

  public ForwardDeploymentRepository(JdbcClient jdbc, JdbcTemplate batch, SecretStore secrets) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.secrets = secrets;
  }

  public record DeviceInput(
      String name, String kind, String host, Integer port, String username, String password) {}

  /**
   * Jump server for BYOS option B; {@code secret} is a password or, if {@code sshKey}, a private
   * key.
   */
  public record JumpInput(
      String host, Integer port, String username, String secret, boolean sshKey) {}

  public record Submission(
      UUID ownerId,
      String workspace,
      String name,
      String deploymentType,
      UUID profileId,
      List<DeviceInput> devices,
      List<DeviceInput> linuxHosts,
      JumpInput jump) {}

  /** Creates or updates the deployment and replaces its device list; returns the deployment id. */
  @Transactional
  public UUID save(Submission s) {
    Optional<ForwardDeployment> existing = find(s.workspace(), s.name());
    UUID id = existing.map(ForwardDeployment::id).orElseGet(UUID::randomUUID);
    if (existing.isEmpty()) {
      jdbc.sql(
              """
          INSERT INTO forward_deployments (id, owner_id, workspace, name, deployment_type, profile_id)
          VALUES (?, ?, ?, ?, ?, ?)""")
          .params(id, s.ownerId(), s.workspace(), s.name(), s.deploymentType(), s.profileId())
          .update();
    } else {
      if (!existing.get().profileId().equals(s.profileId())) {
        // Another Forward account: ids cached for the old one mean nothing there.
        forgetForwardIds(id);
      }
      jdbc.sql(
              "UPDATE forward_deployments SET deployment_type = ?, profile_id = ?, updated_at = now() WHERE id = ?")
          .params(s.deploymentType(), s.profileId(), id)
          .update();
    }
    saveJump(id, existing.orElse(null), s.jump());
    saveCredentials(id, s);
    jdbc.sql("DELETE FROM forward_deployment_devices WHERE deployment_id = ?").param(id).update();
    insertDevices(id, s.devices(), false);
    insertDevices(id, s.linuxHosts(), true);
    return id;
  }

  private void saveJump(UUID id, ForwardDeployment existing, JumpInput jump) {
    UUID oldSecret = existing == null ? null : existing.jumpSecretId();
    if (jump == null) {
      jdbc.sql(
              """
          UPDATE forward_deployments SET jump_host = NULL, jump_port = NULL, jump_username = NULL,
            jump_secret_id = NULL, jump_server_id = NULL WHERE id = ?""")
          .param(id)
          .update();
      secrets.delete(oldSecret);
      return;
    }
    boolean changed =
        existing == null
            || !jump.host().equals(existing.jumpHost())
            || !jump.username().equals(existing.jumpUsername())
            || oldSecret == null
            || !secrets.get(oldSecret).equals(jump.secret());
    if (!changed) {
      return;
    }
    UUID secretId = secrets.put("forward-jump-server", jump.secret());
    jdbc.sql(
            """
        UPDATE forward_deployments SET jump_host = ?, jump_port = ?, jump_username = ?, jump_secret_id = ?,
          jump_uses_ssh_key = ?, jump_server_id = NULL WHERE id = ?""")
        .params(
            jump.host(),
            jump.port() == null ? 22 : jump.port(),
            jump.username(),
            secretId,
            jump.sshKey(),
            id)
        .update();
    secrets.delete(oldSecret);
  }

  private void saveCredentials(UUID id, Submission s) {
    Map<String, DeviceInput> byKind = new LinkedHashMap<>();
    for (DeviceInput d : concat(s.devices(), s.linuxHosts())) {
      byKind.putIfAbsent(d.kind(), d);
    }
    Map<String, DeploymentCredential> stored = new LinkedHashMap<>();
    credentials(id).forEach(c -> stored.put(c.kind(), c));
    for (DeviceInput d : byKind.values()) {
      String fingerprint = fingerprint(id, d.username(), d.password());
      DeploymentCredential old = stored.remove(d.kind());
      if (old == null) {
        UUID secretId = secrets.put("forward-device-password", d.password());
        jdbc.sql(
                """
            INSERT INTO forward_deployment_credentials (deployment_id, kind, username, password_secret_id, fingerprint)
            VALUES (?, ?, ?, ?, ?)""")
            .params(id, d.kind(), d.username(), secretId, fingerprint)
            .update();
      } else if (!old.fingerprint().equals(fingerprint)) {
        secrets.replace(old.passwordSecretId(), d.password());
        jdbc.sql(
                "UPDATE forward_deployment_credentials SET username = ?, fingerprint = ? WHERE deployment_id = ? AND kind = ?")
            .params(d.username(), fingerprint, id, d.kind())
            .update();
      }
    }
    for (DeploymentCredential gone : stored.values()) {
      jdbc.sql("DELETE FROM forward_deployment_credentials WHERE deployment_id = ? AND kind = ?")
          .params(id, gone.kind())
          .update();
      secrets.delete(gone.passwordSecretId());
    }
  }

  private void insertDevices(UUID id, List<DeviceInput> devices, boolean endpoint) {
    List<Object[]> rows = new ArrayList<>(devices.size());
    for (int i = 0; i < devices.size(); i++) {
      DeviceInput d = devices.get(i);
      rows.add(new Object[] {id, i, d.name(), d.kind(), d.host(), d.port(), endpoint});
    }
    batch.batchUpdate(
        """
        INSERT INTO forward_deployment_devices (deployment_id, position, name, kind, host, port, endpoint)
        VALUES (?, ?, ?, ?, ?, ?, ?)""",
        rows);
  }

  /**
   * Salted with the deployment id so equal lab passwords do not give equal fingerprints everywhere.
   */
  static String fingerprint(UUID deploymentId, String username, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(deploymentId.toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return HexFormat.of()
          .formatHex(sha.digest((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<ForwardDeployment> find(String workspace, String name) {
    return jdbc.sql("SELECT * FROM forward_deployments WHERE workspace = ? AND name = ?")
        .params(workspace, name)
        .query(ForwardDeployment.class)
        .optional();
  }

  public ForwardDeployment get(UUID id) {
    return jdbc.sql("SELECT * FROM forward_deployments WHERE id = ?")
        .param(id)
        .query(ForwardDeployment.class)
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

  /** Devices with positions in [offset, offset + limit). */
  public List<DeploymentDevice> devices(UUID id, boolean endpoint, int offset, int limit) {
    return jdbc.sql(
            """
        SELECT name, kind, host, port, endpoint FROM forward_deployment_devices
        WHERE deployment_id = ? AND endpoint = ? AND position >= ? AND position < ? ORDER BY position""")
        .params(id, endpoint, offset, offset + limit)
        .query(DeploymentDevice.class)
        .list();
  }

  public List<DeploymentCredential> credentials(UUID id) {
    return jdbc.sql(
            """
        SELECT kind, username, password_secret_id, fingerprint, forward_id, forward_fingerprint, retired_forward_id
        FROM forward_deployment_credentials WHERE deployment_id = ? ORDER BY kind""")
        .param(id)
        .query(DeploymentCredential.class)
        .list();
  }

  public String password(DeploymentCredential credential) {
    return secrets.get(credential.passwordSecretId());
  }

  public String jumpSecret(ForwardDeployment deployment) {
    return secrets.get(deployment.jumpSecretId());
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

  /** After the Forward network is gone, every id that pointed into it is stale. */
  @Transactional
  public void forgetForwardIds(UUID id) {
    jdbc.sql(
            """
        UPDATE forward_deployments SET network_id = NULL, network_name = NULL, jump_server_id = NULL,
          last_task_id = NULL, last_snapshot_id = NULL, updated_at = now() WHERE id = ?""")
        .param(id)
        .update();
    jdbc.sql(
            """
        UPDATE forward_deployment_credentials SET forward_id = NULL, forward_fingerprint = NULL,
          retired_forward_id = NULL WHERE deployment_id = ?""")
        .param(id)
        .update();
  }

  private static List<DeviceInput> concat(List<DeviceInput> a, List<DeviceInput> b) {
    List<DeviceInput> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
