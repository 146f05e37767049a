package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.DeploymentCredential;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.RemoteException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * How Forward reaches a deployment's devices: a CLI credential per device kind, the jump server
 * (BYOS B) and the deployment's Linux endpoint profile. Each is checked against Forward, not only
 * against the cached id, so one deleted in Forward is created again on the next sync.
 */
@Component
public class ForwardAccess {

  private final ForwardDeploymentRepository deployments;
  private final SecretStore secrets;

  public ForwardAccess(ForwardDeploymentRepository deployments, SecretStore secrets) {
    this.deployments = deployments;
    this.secrets = secrets;
  }

  /** Each object is independent of the others, so they are made side by side. */
  void ensure(ForwardClient client, ForwardDeployment d) {
    List<Runnable> steps = new ArrayList<>();
    steps.add(() -> ensureCredentials(client, d));
    steps.add(() -> ensureJumpServer(client, d));
    if (deployments.deviceCount(d.id(), true) > 0) {
      steps.add(() -> ensureEndpointProfile(client, d));
    }
    SideBySide.run(steps);
  }

  private void ensureCredentials(ForwardClient client, ForwardDeployment d) {
    Set<String> inForward = ids(client.cliCredentials(d.networkId()));
    List<Runnable> creations = new ArrayList<>();
    for (DeploymentCredential credential : deployments.credentials(d.id())) {
      boolean gone = credential.forwardId() != null && !inForward.contains(credential.forwardId());
      if (gone) {
        deployments.forgetCredential(d.id(), credential.kind());
      }
      if (gone || !credential.current()) {
        creations.add(
            () -> createCredential(client, d, credential, gone ? null : credential.forwardId()));
      }
    }
    if (!creations.isEmpty()) {
      SideBySide.run(creations);
    }
  }

  /**
   * New or rotated password: a new Forward credential; the replaced one ({@code replacing}) is
   * deleted once devices moved off it.
   */
  private void createCredential(
      ForwardClient client,
      ForwardDeployment d,
      DeploymentCredential credential,
      String replacing) {
    String base = ForwardNames.credential(d.name(), credential.kind());
    String password = secrets.open(credential.passwordSecretId());
    for (int attempt = 0; attempt < 5; attempt++) {
      String name =
          attempt == 0 && replacing == null
              ? base
              : base + "-" + (System.currentTimeMillis() / 1000) + "-" + attempt;
      try {
        JsonNode created =
            client.createCliCredential(d.networkId(), name, credential.username(), password);
        deployments.recordCredential(
            d.id(),
            credential.kind(),
            created.path("id").asText(),
            credential.fingerprint(),
            replacing);
        return;
      } catch (RemoteException e) {
        if (!ForwardClient.isConflict(e)) {
          throw e;
        }
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "no free CLI credential name for " + base, "ForwardCredentialNameTaken");
  }

  /** A changed jump server was retired when it was stored; this creates its replacement. */
  private void ensureJumpServer(ForwardClient client, ForwardDeployment d) {
    if (d.jumpHost() == null) {
      return;
    }
    if (d.jumpServerId() != null
        && ids(client.jumpServers(d.networkId())).contains(d.jumpServerId())) {
      return;
    }
    JsonNode created =
        client.createJumpServer(
            d.networkId(),
            d.jumpHost(),
            d.jumpPort() == null ? 22 : d.jumpPort(),
            d.jumpUsername(),
            secrets.open(d.jumpSecretId()),
            d.jumpUsesSshKey());
    deployments.recordJumpServer(d.id(), created.path("id").asText());
  }

  /**
   * The deployment's own Linux profile, so destroying it never breaks another deployment's
   * endpoints. Its name carries the deployment id, so a profile of that name is this deployment's.
   */
  private void ensureEndpointProfile(ForwardClient client, ForwardDeployment d) {
    String name = ForwardNames.endpointProfile(d.id(), d.workspace(), d.name());
    String found = null;
    for (JsonNode profile : client.endpointProfiles()) {
      if (name.equalsIgnoreCase(profile.path("name").asText())) {
        found = profile.path("id").asText();
      }
    }
    if (found == null) {
      found = client.createLinuxEndpointProfile(name).path("id").asText();
    }
    if (!found.equals(d.endpointProfileId())) {
      deployments.recordEndpointProfile(d.id(), found);
    }
  }

  /**
   * Deletes what a sync replaced, once devices and endpoints moved off it (at the sync's end): the
   * retired jump server.
   */
  void deleteRetired(ForwardClient client, ForwardDeployment d) {
    if (d.retiredJumpServerId() != null) {
      ForwardClient.deleteIfPresent(
          () -> client.deleteJumpServer(d.networkId(), d.retiredJumpServerId()));
      deployments.clearRetiredJumpServer(d.id());
    }
  }

  private static Set<String> ids(List<JsonNode> objects) {
    Set<String> ids = new HashSet<>();
    objects.forEach(o -> ids.add(o.path("id").asText()));
    return ids;
  }
}
