package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.DeploymentType;
import dev.ferry.forward.store.ForwardCollector;
import dev.ferry.forward.store.ForwardCollectorRepository;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileService;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.RemoteException;
import io.temporal.failure.ApplicationFailure;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Which collector a deployment uses. BYOS (and any deployment or profile naming a collector) uses
 * the user's own; otherwise Ferry registers one per profile and user (or workspace), keeps its
 * one-time authorization key sealed, and deploys it into the cluster for in-cluster deployment
 * types. Ferry never deletes a collector a stored profile or deployment refers to ({@link
 * #deleteOrphan}).
 */
@Component
public class ForwardCollectors {

  private final ForwardClients clients;
  private final ForwardCollectorRepository repository;
  private final ForwardProfileService profiles;
  private final SecretStore secrets;
  private final InClusterCollector inCluster;
  private final ForwardProperties properties;

  public ForwardCollectors(
      ForwardClients clients,
      ForwardCollectorRepository repository,
      ForwardProfileService profiles,
      SecretStore secrets,
      InClusterCollector inCluster,
      ForwardProperties properties) {
    this.clients = clients;
    this.repository = repository;
    this.profiles = profiles;
    this.secrets = secrets;
    this.inCluster = inCluster;
    this.properties = properties;
  }

  /**
   * Returns the collector username to bind, or null when the user brings a collector Ferry does not
   * know.
   */
  public String ensure(ForwardDeployment d, ForwardProfile profile, String ownerName) {
    DeploymentType type = DeploymentType.of(d.deploymentType());
    ForwardClient client = clients.forProfile(profile);
    String named = d.collectorName() != null ? d.collectorName() : profile.preferredCollector();
    if (named != null && !named.isBlank()) {
      return preferred(client, named);
    }
    if (!type.ferryCollector()) {
      if (d.jumpHost() == null) {
        // the API refuses this too; this catches a preferred collector cleared since
        throw ApplicationFailure.newNonRetryableFailure(
            "a byos deployment without a jump server (option A) needs the collector you run:"
                + " name it in the sync request's 'collector' or as the profile's preferred collector",
            "ForwardCollectorRequired");
      }
      return null;
    }
    boolean perWorkspace = "workspace".equalsIgnoreCase(properties.collectorScope());
    String scope = perWorkspace ? "workspace:" + d.workspace() : "user";
    List<JsonNode> existing = client.collectors();
    // id and username both: a Forward that forgot (a restarted sandbox) may reuse the id
    ForwardCollector collector =
        repository
            .find(profile.id(), scope)
            .filter(
                c ->
                    existing.stream()
                        .anyMatch(
                            x ->
                                c.forwardId().equals(x.path("id").asText())
                                    && c.username().equals(x.path("username").asText())))
            .orElseGet(
                () ->
                    register(
                        client,
                        profile,
                        scope,
                        ForwardNames.collector(
                            ownerName, profile.name(), perWorkspace ? d.workspace() : null),
                        existing));
    if (type.inCluster()) {
      inCluster.deploy(
          collector.name(), ownerName, secrets.open(collector.keySecretId()), profile.baseUrl());
    }
    return collector.username();
  }

  /**
   * A new registration of a collector Ferry keeps for the profile: the old one is deleted in
   * Forward (its key stops working), the same name is registered again with a new key, and an
   * in-cluster collector gets its Secret re-applied. The next sync binds the new username.
   */
  public ForwardCollector reregister(
      ForwardProfile profile, ForwardCollector old, String ownerName) {
    ForwardClient client = clients.forProfile(profile);
    boolean inClusterBefore = inCluster.deployment(old.name()).isPresent();
    ForwardClient.deleteIfPresent(() -> client.deleteCollector(old.forwardId()));
    ForwardCollector renewed =
        register(client, profile, old.scope(), old.name(), client.collectors());
    if (inClusterBefore) {
      inCluster.deploy(
          renewed.name(), ownerName, secrets.open(renewed.keySecretId()), profile.baseUrl());
    }
    return renewed;
  }

  /**
   * Deletes a collector of a profile about to be deleted, in the cluster and in Forward, unless
   * something outside the profile still refers to it (collector protection). Returns whether it
   * went.
   */
  public boolean removeWithProfile(ForwardProfile profile, ForwardCollector collector) {
    if (repository.referencedOutside(profile.id(), collector.name(), collector.username())) {
      return false;
    }
    inCluster.remove(collector.name());
    ForwardClient client = clients.forProfile(profile);
    ForwardClient.deleteIfPresent(() -> client.deleteCollector(collector.forwardId()));
    return true;
  }

  /** The profile names a collector (by name or username) that already runs somewhere. */
  private static String preferred(ForwardClient client, String wanted) {
    for (JsonNode c : client.collectors()) {
      if (wanted.equals(c.path("name").asText()) || wanted.equals(c.path("username").asText())) {
        return c.path("username").asText();
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "Forward has no collector named '" + wanted + "'", "ForwardCollectorMissing");
  }

  /**
   * Tries the plain name, then -<8 hex of the profile id>, then -<8 hex>-<4 random>. A collector
   * with our plain name that nothing stored refers to (a crash after registering, before its key
   * was kept) is deleted and registered again: the key is shown only once.
   */
  private ForwardCollector register(
      ForwardClient client,
      ForwardProfile profile,
      String scope,
      String name,
      List<JsonNode> existing) {
    String hex = profile.id().toString().replace("-", "").substring(0, 8);
    String random =
        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
    List<String> names = List.of(name, name, name + "-" + hex, name + "-" + hex + "-" + random);
    for (int i = 0; i < names.size(); i++) {
      try {
        JsonNode created = client.createCollector(names.get(i));
        String key = created.path("authorizationKey").asText("");
        String id = created.path("id").asText("");
        if (key.isEmpty() || id.isEmpty()) {
          throw ApplicationFailure.newFailure(
              "Forward registered collector "
                  + names.get(i)
                  + " without an id or authorization key",
              "ForwardCollectorIncomplete");
        }
        String username =
            created.path("username").asText(key.substring(0, Math.max(0, key.indexOf(':'))));
        return profiles.saveCollector(
            profile.id(), scope, id, created.path("name").asText(names.get(i)), username, key);
      } catch (RemoteException e) {
        if (!ForwardClient.isConflict(e)) {
          throw e;
        }
        if (i == 0) {
          deleteOrphan(client, name, existing);
        }
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "every collector name tried for " + name + " is taken", "ForwardCollectorNameTaken");
  }

  /**
   * Collector protection: deletes the collector of this name only when no stored profile or
   * deployment refers to it (by name or username). Ferry never deletes a collector in use.
   */
  private void deleteOrphan(ForwardClient client, String name, List<JsonNode> existing) {
    String username =
        existing.stream()
            .filter(c -> name.equals(c.path("name").asText()))
            .map(c -> c.path("username").asText(null))
            .findFirst()
            .orElse(null);
    if (!repository.referenced(name, username)) {
      ForwardClient.deleteIfPresent(() -> client.deleteCollector(name));
    }
  }
}
