package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.workflow.CollectionFollowed;
import dev.ferry.forward.workflow.CollectionState;
import dev.ferry.forward.workflow.DevicesPut;
import dev.ferry.forward.workflow.ForwardSyncActivities;
import dev.ferry.forward.workflow.NetworkRef;
import dev.ferry.forward.workflow.SyncPlan;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * How long the device upload runs before it reports back: the sync's progress moves about this
   * often, and an upload retried after a lost worker puts again at most this much.
   */
  private static final Duration UPLOAD_RUN = Duration.ofSeconds(1);

  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("forward-heartbeats").factory());

  private final ForwardDeploymentRepository deployments;
  private final ForwardClients clients;
  private final ForwardCollectors collectors;
  private final ForwardNetworks networks;
  private final ForwardAccess access;
  private final DeviceTypeHints typeHints;
  private final ForwardProperties properties;
  private final ForwardCollections collections;
  private final SnmpPlaceholder snmp;

  public ForwardSyncActivitiesImpl(
      ForwardDeploymentRepository deployments,
      ForwardClients clients,
      ForwardCollectors collectors,
      ForwardNetworks networks,
      ForwardAccess access,
      DeviceTypeHints typeHints,
      ForwardProperties properties) {
    this.deployments = deployments;
    this.clients = clients;
    this.collectors = collectors;
    this.networks = networks;
    this.access = access;
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
    return forward(() -> network(deployment(deploymentId)));
  }

  @Override
  public NetworkRef ensureNetworkAndCredentials(String deploymentId) {
    return forward(
        () -> {
          NetworkRef network = network(deployment(deploymentId));
          // read again: the network's ids are recorded now, or forgotten with a network gone
          credentials(deployment(deploymentId));
          return network;
        });
  }

  private NetworkRef network(ForwardDeployment d) {
    ForwardClient client = clients.forProfile(clients.profile(d.profileId().toString()));
    return networks.ensure(client, d, deployments.ownerName(d));
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
          credentials(deployment(deploymentId));
          return null;
        });
  }

  private void credentials(ForwardDeployment d) {
    ForwardClient client = client(d);
    SideBySide.run(List.of(() -> access.ensure(client, d), () -> snmp.ensure(client, d)));
  }

  @Override
  public int putDevices(String deploymentId, int batchIndex) {
    return forward(() -> upload(deploymentId).put(batchIndex));
  }

  @Override
  public DevicesPut putDevicesFrom(String deploymentId, int firstBatch, int parallel) {
    return forward(
        () -> {
          DeviceUpload upload = upload(deploymentId);
          long until = System.nanoTime() + UPLOAD_RUN.toNanos();
          AtomicInteger next = new AtomicInteger(firstBatch);
          AtomicInteger devices = new AtomicInteger();
          AtomicBoolean pastTheEnd = new AtomicBoolean();
          AtomicBoolean failed = new AtomicBoolean();
          // Each sender takes the next batch when its last is put, as a client's thread pool
          // would; every batch taken is put before its sender stops, so all below `next` are done.
          // A failed put stops the others: the activity's retry puts again from firstBatch.
          Runnable sender =
              () -> {
                try {
                  while (!pastTheEnd.get() && !failed.get() && System.nanoTime() < until) {
                    int put = upload.put(next.getAndIncrement());
                    if (put == 0) {
                      pastTheEnd.set(true);
                    }
                    devices.addAndGet(put);
                  }
                } catch (RuntimeException e) {
                  failed.set(true);
                  throw e;
                }
              };
          SideBySide.run(Collections.nCopies(Math.max(1, parallel), sender));
          return new DevicesPut(devices.get(), pastTheEnd.get() ? Integer.MAX_VALUE : next.get());
        });
  }

  private DeviceUpload upload(String deploymentId) {
    ForwardDeployment d = deployment(deploymentId);
    return new DeviceUpload(
        deployments, typeHints, snmp, d, client(d), credentialIds(d), properties.batchSize());
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
                    .put("collect", true)
                    .put("note", ForwardMarks.note(d));
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
          ForwardClient client = client(d);
          List<JsonNode> devices = ours(client.devices(d.networkId()), d);
          List<JsonNode> endpoints = ours(client.endpoints(d.networkId()), d);
          if (devices.isEmpty() && endpoints.isEmpty()) {
            // nothing of ours there yet (a new network): no need to read the inventory
            return 0;
          }
          Set<String> inventory = new HashSet<>();
          for (boolean linux : new boolean[] {false, true}) {
            deployments
                .devices(d.id(), linux, 0, Integer.MAX_VALUE)
                .forEach(device -> inventory.add(device.name().toLowerCase(Locale.ROOT)));
          }
          List<String> staleDevices = staleOf(devices, inventory);
          if (!staleDevices.isEmpty()) {
            client.deleteDevices(d.networkId(), staleDevices);
          }
          List<String> staleEndpoints = staleOf(endpoints, inventory);
          if (!staleEndpoints.isEmpty()) {
            client.deleteEndpoints(d.networkId(), staleEndpoints);
          }
          return staleDevices.size() + staleEndpoints.size();
        });
  }

  /**
   * The sources Ferry put there for this deployment (its marker in their note); anything a person
   * added to the network stays.
   */
  private static List<JsonNode> ours(List<JsonNode> sources, ForwardDeployment d) {
    return sources.stream().filter(source -> ForwardMarks.marks(source, d.id())).toList();
  }

  /**
   * The names of those the inventory no longer lists. Forward names are unique ignoring case, so
   * the inventory is compared the same way.
   */
  private static List<String> staleOf(List<JsonNode> ours, Set<String> inventory) {
    return ours.stream()
        .map(source -> source.path("name").asText())
        .filter(name -> !inventory.contains(name.toLowerCase(Locale.ROOT)))
        .toList();
  }

  @Override
  public String startCollection(String deploymentId) {
    return withNetwork(deploymentId, collections::start);
  }

  @Override
  public CollectionState pollCollection(String deploymentId, String taskId, long waitMillis) {
    sleep(waitMillis);
    return withNetwork(deploymentId, (client, d) -> collections.poll(client, d, taskId));
  }

  @Override
  public CollectionFollowed followCollection(String deploymentId, String taskId, List<Long> waits) {
    return withNetwork(
        deploymentId,
        (client, d) -> {
          CollectionState state = null;
          for (long wait : waits) {
            sleep(wait);
            state = collections.poll(client, d, taskId);
            if (state.done()) {
              return new CollectionFollowed(state, recorded(client, d, state));
            }
          }
          return new CollectionFollowed(state, null);
        });
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting to poll", "Interrupted");
    }
  }

  @Override
  public SyncResult finish(String deploymentId, String collectionTaskId) {
    return withNetwork(
        deploymentId,
        (client, d) -> {
          access.deleteRetired(client, d);
          return collections.finish(client, d, collectionTaskId);
        });
  }

  @Override
  public SyncResult record(String deploymentId, CollectionState collection) {
    return withNetwork(deploymentId, (client, d) -> recorded(client, d, collection));
  }

  /** Retired credentials and jump server deleted, the collection and its snapshot recorded. */
  private SyncResult recorded(
      ForwardClient client, ForwardDeployment d, CollectionState collection) {
    access.deleteRetired(client, d);
    return collections.record(client, d, collection, collection.snapshotId());
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
