package dev.ferry.forward.store;

import dev.ferry.fort.store.SigningKeys;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bastions' rows with their keys: a tenant's bastion is created with a fresh Ed25519 key pair
 * (the private key sealed in the same transaction), re-keyed on rotation, handed to a deployment as
 * its jump server, and deleted with its key when the last deployment lets go of it.
 */
@Service
public class ForwardBastionService {

  private final ForwardBastionRepository bastions;
  private final ForwardDeploymentRepository deployments;
  private final SecretStore secrets;

  public ForwardBastionService(
      ForwardBastionRepository bastions,
      ForwardDeploymentRepository deployments,
      SecretStore secrets) {
    this.bastions = bastions;
    this.deployments = deployments;
    this.secrets = secrets;
  }

  /**
   * The deployment's bastion: the one it has, else its tenant's, else a new one named {@code name};
   * empty when the deployment did not ask for one.
   */
  @Transactional
  public Optional<ForwardBastion> assign(UUID deploymentId, String tenant, String name) {
    if (!bastions.requested(deploymentId)) {
      return Optional.empty();
    }
    Optional<ForwardBastion> linked = bastions.forDeployment(deploymentId);
    if (linked.isPresent()) {
      return linked;
    }
    ForwardBastion bastion =
        bastions
            .forTenant(tenant)
            .orElseGet(
                () -> {
                  SigningKeys.SigningKey key = SigningKeys.generate(name);
                  UUID id = UUID.randomUUID();
                  bastions.insert(
                      id,
                      tenant,
                      name,
                      secrets.seal("forward-bastion-key", key.privateKeyPem()),
                      key.publicKeyLine());
                  return bastions.find(id).orElseThrow();
                });
    bastions.link(deploymentId, bastion.id());
    return Optional.of(bastion);
  }

  /** A new key pair for the bastion; the old private key is overwritten in place. */
  @Transactional
  public void rotate(ForwardBastion bastion) {
    SigningKeys.SigningKey key = SigningKeys.generate(bastion.name());
    secrets.reseal(bastion.privateKey(), key.privateKeyPem());
    bastions.rotated(bastion.id(), key.publicKeyLine());
  }

  /**
   * Makes the bastion (at its recorded address, with its current key) the deployment's jump server.
   * The deployment keeps its own sealed copy of the key, as for a jump server the user gave;
   * nothing changes when it already matches. Returns whether it changed.
   */
  @Transactional
  public boolean useAsJumpServer(UUID deploymentId, ForwardBastion bastion) {
    ForwardDeployment d = deployments.get(deploymentId);
    String key = secrets.open(bastion.privateKey());
    boolean same =
        bastion.host().equals(d.jumpHost())
            && bastion.port().equals(d.jumpPort())
            && ForwardBastion.USER.equals(d.jumpUsername())
            && d.jumpUsesSshKey()
            && d.jumpSecretId() != null
            && key.equals(secrets.open(d.jumpSecretId()));
    if (same) {
      return false;
    }
    deployments.setJump(
        deploymentId,
        bastion.host(),
        bastion.port(),
        ForwardBastion.USER,
        secrets.seal("forward-jump-server", key),
        true);
    secrets.delete(d.jumpSecretId());
    return true;
  }

  /** Whether {@code deploymentId} is the only deployment left on its bastion. */
  public boolean lastUser(UUID deploymentId, ForwardBastion bastion) {
    List<ForwardBastionRepository.User> users = bastions.users(bastion.id());
    return users.stream().allMatch(u -> u.deploymentId().equals(deploymentId));
  }

  /**
   * The deployment lets go of its bastion; a bastion nobody uses any more is deleted with its key.
   * Call it after the bastion's cluster objects are gone, when it was the last user.
   */
  @Transactional
  public void release(UUID deploymentId) {
    Optional<ForwardBastion> bastion = bastions.forDeployment(deploymentId);
    bastions.withdraw(deploymentId);
    if (bastion.isPresent() && bastions.users(bastion.get().id()).isEmpty()) {
      SecretRef key = bastion.get().privateKey();
      bastions.delete(bastion.get().id());
      secrets.delete(key);
    }
  }
}
