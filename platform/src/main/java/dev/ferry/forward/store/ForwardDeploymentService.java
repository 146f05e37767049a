package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a deployment submission: the rows, and the device passwords and jump-server secret sealed
 * in the same transaction. The sync workflow then carries only the deployment id and reads batches
 * back by position.
 */
@Service
public class ForwardDeploymentService {

  private final ForwardDeploymentRepository deployments;
  private final SecretStore secrets;

  public ForwardDeploymentService(ForwardDeploymentRepository deployments, SecretStore secrets) {
    this.deployments = deployments;
    this.secrets = secrets;
  }

  public record DeviceInput(
      String name,
      String kind,
      String host,
      Integer port,
      String username,
      String password,
      String forwardType) {

    /** Without a type override: the kind's hint applies. */
    public DeviceInput(
        String name, String kind, String host, Integer port, String username, String password) {
      this(name, kind, host, port, username, password, null);
    }

    DeploymentDevice device(boolean endpoint) {
      return new DeploymentDevice(name, kind, host, port, endpoint, forwardType);
    }
  }

  /**
   * Jump server for BYOS option B; {@code secret} is a password or, if {@code sshKey}, a private
   * key.
   */
  public record JumpInput(
      String host, Integer port, String username, String secret, boolean sshKey) {}

  /**
   * {@code collector}: the collector a BYOS deployment uses (option A), by name or username; null
   * for the profile's preferred collector.
   */
  public record Submission(
      UUID ownerId,
      String workspace,
      String name,
      String deploymentType,
      UUID profileId,
      List<DeviceInput> devices,
      List<DeviceInput> linuxHosts,
      JumpInput jump,
      String collector) {

    public Submission(
        UUID ownerId,
        String workspace,
        String name,
        String deploymentType,
        UUID profileId,
        List<DeviceInput> devices,
        List<DeviceInput> linuxHosts,
        JumpInput jump) {
      this(ownerId, workspace, name, deploymentType, profileId, devices, linuxHosts, jump, null);
    }
  }

  /** Creates or updates the deployment and replaces its device list; returns the deployment id. */
  @Transactional
  public UUID save(Submission s) {
    return save(s, false);
  }

  /**
   * As {@link #save(Submission)}; with {@code keepJump} the stored jump server is left alone, for a
   * deployment whose jump server is the Ferry bastion (set by its sync, see {@link
   * ForwardBastionService}).
   */
  @Transactional
  public UUID save(Submission s, boolean keepJump) {
    ForwardDeployment existing = deployments.find(s.workspace(), s.name()).orElse(null);
    UUID id = existing == null ? UUID.randomUUID() : existing.id();
    save(id, existing, s, keepJump);
    return id;
  }

  /**
   * As {@link #save(Submission, boolean)}, in the caller's transaction, for a caller that already
   * read the deployment ({@code existing}, null when new) and chose the id of a new one.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void save(UUID id, ForwardDeployment existing, Submission s, boolean keepJump) {
    if (existing == null) {
      deployments.insert(
          id,
          s.ownerId(),
          s.workspace(),
          s.name(),
          s.deploymentType(),
          s.profileId(),
          s.collector());
    } else {
      deployments.update(existing, s.deploymentType(), s.profileId(), s.collector());
    }
    if (!keepJump) {
      saveJump(id, existing, s.jump());
    }
    saveCredentials(id, existing == null, s);
    List<DeploymentDevice> devices = new ArrayList<>();
    s.devices().forEach(d -> devices.add(d.device(false)));
    s.linuxHosts().forEach(d -> devices.add(d.device(true)));
    if (existing != null) {
      deployments.deleteDevices(id);
    }
    deployments.insertDevices(id, devices);
  }

  private void saveJump(UUID id, ForwardDeployment existing, JumpInput jump) {
    SecretRef oldSecret = existing == null ? null : existing.jumpSecretId();
    if (jump == null) {
      if (existing != null) { // a new row has no jump server to clear
        deployments.clearJump(id);
        secrets.delete(oldSecret);
      }
      return;
    }
    int port = jump.port() == null ? 22 : jump.port();
    // any change of host, port, user or key replaces the jump server in Forward
    boolean changed =
        existing == null
            || !jump.host().equals(existing.jumpHost())
            || !Integer.valueOf(port).equals(existing.jumpPort())
            || !jump.username().equals(existing.jumpUsername())
            || jump.sshKey() != existing.jumpUsesSshKey()
            || oldSecret == null
            || !secrets.open(oldSecret).equals(jump.secret());
    if (!changed) {
      return;
    }
    deployments.setJump(
        id,
        jump.host(),
        port,
        jump.username(),
        secrets.seal("forward-jump-server", jump.secret()),
        jump.sshKey());
    secrets.delete(oldSecret);
  }

  /**
   * One credential per device kind (the first device of a kind names it). A new deployment has none
   * stored, so it skips the read.
   */
  private void saveCredentials(UUID id, boolean fresh, Submission s) {
    Map<String, DeviceInput> byKind = new LinkedHashMap<>();
    s.devices().forEach(d -> byKind.putIfAbsent(d.kind(), d));
    s.linuxHosts().forEach(d -> byKind.putIfAbsent(d.kind(), d));
    Map<String, DeploymentCredential> stored = new LinkedHashMap<>();
    if (!fresh) {
      deployments.credentials(id).forEach(c -> stored.put(c.kind(), c));
    }
    for (DeviceInput d : byKind.values()) {
      String fingerprint = fingerprint(id, d.username(), d.password());
      DeploymentCredential old = stored.remove(d.kind());
      if (old == null) {
        SecretRef password = secrets.seal("forward-device-password", d.password());
        deployments.insertCredential(id, d.kind(), d.username(), password, fingerprint);
      } else if (!old.fingerprint().equals(fingerprint)) {
        secrets.reseal(old.passwordSecretId(), d.password());
        deployments.updateCredential(id, d.kind(), d.username(), fingerprint);
      }
    }
    for (DeploymentCredential gone : stored.values()) {
      deployments.deleteCredential(id, gone.kind());
      secrets.delete(gone.passwordSecretId());
    }
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
}
