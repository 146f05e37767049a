package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a Forward profile together with the secrets that hang off it, its password and its
 * collectors' authorization keys, each in one transaction with the rows that reference them.
 */
@Service
public class ForwardProfileService {

  private final ForwardProfileRepository profiles;
  private final ForwardCollectorRepository collectors;
  private final SecretStore secrets;

  public ForwardProfileService(
      ForwardProfileRepository profiles,
      ForwardCollectorRepository collectors,
      SecretStore secrets) {
    this.profiles = profiles;
    this.collectors = collectors;
    this.secrets = secrets;
  }

  @Transactional
  public ForwardProfile create(UUID ownerId, ForwardProfile.Settings settings, String password) {
    return profiles.insert(ownerId, settings, secrets.seal("forward-profile-password", password));
  }

  /** A non-null password replaces the stored one; null keeps it (and the username). */
  @Transactional
  public ForwardProfile update(
      ForwardProfile existing, ForwardProfile.Settings settings, String password) {
    if (password != null) {
      secrets.reseal(existing.passwordSecretId(), password);
    }
    return profiles.update(existing, settings);
  }

  /**
   * Deletes the profile with its collectors' rows and keys; with {@code forgetDeployments}, the
   * deployments that use it are forgotten first (with their sealed secrets).
   */
  @Transactional
  public void delete(ForwardProfile profile, boolean forgetDeployments) {
    List<SecretRef> keys = new ArrayList<>(collectors.keySecrets(profile.id()));
    if (forgetDeployments) {
      keys.addAll(profiles.forgetDeployments(profile.id()));
    }
    profiles.delete(profile.id());
    keys.forEach(secrets::delete);
    secrets.delete(profile.passwordSecretId());
  }

  /**
   * Records a collector Ferry registered in Forward, replacing the one kept for the same scope.
   * Forward shows the authorization key only once, so it is sealed here and opened when deployed.
   */
  @Transactional
  public ForwardCollector saveCollector(
      UUID profileId,
      String scope,
      String forwardId,
      String name,
      String username,
      String authorizationKey) {
    collectors
        .find(profileId, scope)
        .ifPresent(
            old -> {
              collectors.delete(old.id());
              secrets.delete(old.keySecretId());
            });
    return collectors.insert(
        profileId,
        scope,
        forwardId,
        name,
        username,
        secrets.seal("forward-collector-key", authorizationKey));
  }
}
