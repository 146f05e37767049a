package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.store.DeploymentCredential;
import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.CollectionState;
import dev.ferry.forward.workflow.ForwardSyncActivities;
import dev.ferry.forward.workflow.NetworkRef;
import dev.ferry.forward.workflow.SyncPlan;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The sync steps. Each is idempotent: it looks at the ids cached with the deployment (and, where a
 * crash could have lost one, at Forward itself) before creating anything.
 */
@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardSyncActivitiesImpl implements ForwardSyncActivities {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String LINUX = "linux";
  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("forward-heartbeats").factory());

  private final ForwardDeploymentRepository deployments;
  private final SecretStore secrets;
  private final ForwardClients clients;
  private final ForwardCollectors collectors;
  private final DeviceTypeHints typeHints;
  private final ForwardProperties properties;
  private final ForwardCollections collections;
  private final SnmpPlaceholder snmp;

  public ForwardSyncActivitiesImpl(
      ForwardDeploymentRepository deployments,
      SecretStore secrets,
      ForwardClients clients,
      ForwardCollectors collectors,
      DeviceTypeHints typeHints,
      ForwardProperties properties) {
    this.deployments = deployments;
    this.secrets = secrets;
    this.clients = clients;
    this.collectors = collectors;
    this.typeHints = typeHints;
    this.properties = properties;
    this.collections = new ForwardCollections(deployments);
    this.snmp = new SnmpPlaceholder(deployments, typeHints, properties.snmp());
  }

  @Override
  public SyncPlan plan(String deploymentId) {
    UUID id = UUID.fromString(deploymentId);
    if (deployments.findCommitted(id).isEmpty()) {
      // the API commits a new deployment just after starting its sync; the retry finds it
      throw ApplicationFailure.newFailure(
          "deployment " + id + " is not stored yet", "ForwardDeploymentPending");
    }
    int devices = deployments.deviceCount(id, false);
    int batchSize = Math.max(1, properties.batchSize());
    return new SyncPlan(
        devices,
        deployments.deviceCount(id, true),
        (devices + batchSize - 1) / batchSize,
        Math.max(1, properties.parallelBatches()),
        properties.collectionPollInterval().toMillis(),
        properties.collectionTimeout().toMillis());
  }

  @Override
  public String ensureCollector(String deploymentId) {
    return forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          String username =
              collectors.ensure(
                  d, clients.profile(d.profileId().toString()), deployments.ownerName(d));
          deployments.recordCollector(d.id(), username);
          return username;
        });
  }

  @Override
  public NetworkRef ensureNetwork(String deploymentId) {
    return forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          ForwardProfile profile = clients.profile(d.profileId().toString());
          ForwardClient client = clients.forProfile(profile);
          List<JsonNode> networks = client.networks();
          if (d.networkId() != null
              && networks.stream().anyMatch(n -> d.networkId().equals(n.path("id").asText()))) {
            return new NetworkRef(d.networkId(), d.networkName());
          }
          String name = ForwardNames.network(d.name(), deployments.ownerName(d));
          String apiUser = profile.username();
          // A run that created the network and then died before recording it: adopt what it made.
          for (JsonNode n : networks) {
            if (n.path("name").asText().equalsIgnoreCase(name)
                && (!n.hasNonNull("creator") || apiUser.equals(n.path("creator").asText()))) {
              return record(d, n);
            }
          }
          return record(d, createNetwork(client, name));
        });
  }

  private NetworkRef record(ForwardDeployment d, JsonNode network) {
    NetworkRef ref = new NetworkRef(network.path("id").asText(), network.path("name").asText());
    deployments.recordNetwork(d.id(), ref.id(), ref.name());
    return ref;
  }

  /** Name taken by someone else: name-HHMM, name-HHMM-01, name-HHMM-02, then give up. */
  private static JsonNode createNetwork(ForwardClient client, String name) {
    try {
      return client.createNetwork(name);
    } catch (RemoteException e) {
      if (!ForwardClient.isConflict(e)) {
        throw e;
      }
    }
    ZonedDateTime now = ZonedDateTime.now();
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return client.createNetwork(ForwardNames.networkAlternative(name, now, attempt));
      } catch (RemoteException e) {
        if (!ForwardClient.isConflict(e)) {
          throw e;
        }
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "every Forward network name tried for '" + name + "' is taken", "ForwardNetworkNameTaken");
  }

  @Override
  public void bindCollector(String deploymentId) {
    forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          if (d.collectorUsername() == null) {
            return null;
          }
          ForwardClient client = client(d);
          String bound = client.networkCollector(d.networkId()).path("username").asText("");
          if (!bound.equals(d.collectorUsername())) {
            client.bindCollector(d.networkId(), d.collectorUsername());
          }
          return null;
        });
  }

  @Override
  public void ensureCredentials(String deploymentId) {
    forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          ForwardClient client = client(d);
          for (DeploymentCredential credential : deployments.credentials(d.id())) {
            if (!credential.current()) {
              createCredential(client, d, credential);
            }
          }
          ensureJumpServer(client, d);
          snmp.ensure(client, d);
          if (deployments.deviceCount(d.id(), true) > 0 && d.endpointProfileId() == null) {
            deployments.recordEndpointProfile(d.id(), linuxEndpointProfile(client));
          }
          return null;
        });
  }

  /**
   * New or rotated password: a new Forward credential; the replaced one is deleted once devices
   * moved off it.
   */
  private void createCredential(
      ForwardClient client, ForwardDeployment d, DeploymentCredential credential) {
    String base = ForwardNames.credential(d.name(), credential.kind());
    boolean rotating = credential.forwardId() != null;
    String password = secrets.open(credential.passwordSecretId());
    for (int attempt = 0; attempt < 5; attempt++) {
      String name =
          attempt == 0 && !rotating
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
            credential.forwardId());
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

  private void ensureJumpServer(ForwardClient client, ForwardDeployment d) {
    if (d.jumpHost() == null) {
      return;
    }
    if (d.jumpServerId() != null
        && client.jumpServers(d.networkId()).stream()
            .anyMatch(j -> d.jumpServerId().equals(j.path("id").asText()))) {
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

  private static String linuxEndpointProfile(ForwardClient client) {
    for (JsonNode profile : client.endpointProfiles()) {
      if ("linux".equalsIgnoreCase(profile.path("name").asText())) {
        return profile.path("id").asText();
      }
    }
    return client.createLinuxEndpointProfile().path("id").asText();
  }

  @Override
  public int putDevices(String deploymentId, int batchIndex) {
    return forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          int size = Math.max(1, properties.batchSize());
          List<DeploymentDevice> batch =
              deployments.devices(d.id(), false, batchIndex * size, size);
          if (batch.isEmpty()) {
            return 0;
          }
          Map<String, String> credentialIds = credentialIds(d);
          String snmpId = snmp.credentialId(d).orElse(null);
          ArrayNode body = NODES.arrayNode();
          for (DeploymentDevice device : batch) {
            ObjectNode node =
                body.addObject()
                    .put("name", device.name())
                    .put("host", device.host())
                    .put("port", device.port() == null ? 22 : device.port());
            typeHints.typeOf(device).ifPresent(type -> node.put("type", type));
            if (snmpId != null && snmp.needs(device)) {
              node.put("snmpCredentialId", snmpId).put("enableSnmpCollection", true);
            }
            String credentialId = credentialIds.get(device.kind());
            if (credentialId != null) {
              node.put("cliCredentialId", credentialId);
            }
            if (d.jumpServerId() != null) {
              node.put("jumpServerId", d.jumpServerId());
            }
          }
          client(d).putDevices(d.networkId(), body);
          return batch.size();
        });
  }

  @Override
  public int putEndpoints(String deploymentId) {
    return forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          List<DeploymentDevice> hosts = deployments.devices(d.id(), true, 0, Integer.MAX_VALUE);
          if (hosts.isEmpty()) {
            return 0;
          }
          ForwardClient client = client(d);
          Set<String> ours = new HashSet<>();
          hosts.forEach(h -> ours.add(h.name().toLowerCase(Locale.ROOT)));
          // addBatch is add-only: replace our endpoints so host or credential changes take effect.
          List<String> existing =
              client.endpoints(d.networkId()).stream()
                  .map(e -> e.path("name").asText())
                  .filter(name -> ours.contains(name.toLowerCase(Locale.ROOT)))
                  .toList();
          if (!existing.isEmpty()) {
            client.deleteEndpoints(d.networkId(), existing);
          }
          Map<String, String> credentialIds = credentialIds(d);
          ArrayNode body = NODES.arrayNode();
          for (DeploymentDevice host : hosts) {
            ObjectNode node =
                body.addObject()
                    .put("type", "CLI")
                    .put("name", host.name())
                    .put("host", host.host())
                    .put("port", host.port() == null ? 22 : host.port())
                    .put("protocol", "SSH")
                    .put("profileId", d.endpointProfileId())
                    .put("collect", true);
            String credentialId = credentialIds.getOrDefault(host.kind(), credentialIds.get(LINUX));
            if (credentialId != null) {
              node.put("credentialId", credentialId);
            }
            if (d.jumpServerId() != null) {
              node.put("jumpServerId", d.jumpServerId());
            }
          }
          client.addEndpoints(d.networkId(), body);
          return hosts.size();
        });
  }

  @Override
  public int pruneRemoved(String deploymentId) {
    return forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          Set<String> inventory = new HashSet<>();
          for (boolean linux : new boolean[] {false, true}) {
            deployments
                .devices(d.id(), linux, 0, Integer.MAX_VALUE)
                .forEach(device -> inventory.add(device.name().toLowerCase(Locale.ROOT)));
          }
          ForwardClient client = client(d);
          List<String> staleDevices = namesNotIn(client.devices(d.networkId()), inventory);
          if (!staleDevices.isEmpty()) {
            client.deleteDevices(d.networkId(), staleDevices);
          }
          List<String> staleEndpoints = namesNotIn(client.endpoints(d.networkId()), inventory);
          if (!staleEndpoints.isEmpty()) {
            client.deleteEndpoints(d.networkId(), staleEndpoints);
          }
          return staleDevices.size() + staleEndpoints.size();
        });
  }

  /** Forward names are unique ignoring case, so the inventory is compared the same way. */
  private static List<String> namesNotIn(List<JsonNode> sources, Set<String> inventory) {
    return sources.stream()
        .map(source -> source.path("name").asText())
        .filter(name -> !inventory.contains(name.toLowerCase(Locale.ROOT)))
        .toList();
  }

  @Override
  public String startCollection(String deploymentId) {
    return withNetwork(deploymentId, collections::start);
  }

  @Override
  public CollectionState pollCollection(String deploymentId, String taskId) {
    return withNetwork(deploymentId, (client, d) -> collections.poll(client, d, taskId));
  }

  @Override
  public SyncResult finish(String deploymentId, String collectionTaskId) {
    return withNetwork(
        deploymentId, (client, d) -> collections.finish(client, d, collectionTaskId));
  }

  @Override
  public SyncResult record(String deploymentId, CollectionState collection) {
    return withNetwork(
        deploymentId,
        (client, d) -> collections.record(client, d, collection, collection.snapshotId()));
  }

  /** A step on the deployment's Forward network, run as {@link #forward} runs it. */
  private <T> T withNetwork(
      String deploymentId, BiFunction<ForwardClient, ForwardDeployment, T> step) {
    return forward(
        () -> {
          ForwardDeployment d = deployment(deploymentId);
          return step.apply(client(d), d);
        });
  }

  private Map<String, String> credentialIds(ForwardDeployment d) {
    Map<String, String> ids = new HashMap<>();
    deployments.credentials(d.id()).forEach(c -> ids.put(c.kind(), c.forwardId()));
    return ids;
  }

  private ForwardDeployment deployment(String deploymentId) {
    return deployments.get(UUID.fromString(deploymentId));
  }

  private ForwardClient client(ForwardDeployment d) {
    if (d.networkId() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deployment has no Forward network yet", "ForwardNoNetwork");
    }
    return clients.forProfile(clients.profile(d.profileId().toString()));
  }

  /**
   * Runs a step and reports a failed remote call as its Temporal failure. Heartbeats while the step
   * waits on Forward, so a worker that dies mid-call is noticed after the heartbeat timeout, not
   * the call timeout.
   */
  static <T> T forward(Supplier<T> step) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ScheduledFuture<?> heartbeat =
        HEARTBEATS.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(null);
              } catch (RuntimeException ignored) {
                // cancelled or already finished: the step itself reports what matters
              }
            },
            2,
            2,
            TimeUnit.SECONDS);
    try {
      return step.get();
    } catch (RemoteException e) {
      throw e.toFailure();
    } finally {
      heartbeat.cancel(false);
    }
  }
}
