package dev.ferry.foreman.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.workflow.ForemanInventoryActivities;
import dev.ferry.foreman.workflow.InventoryRequest;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForemanInventoryActivitiesImpl implements ForemanInventoryActivities {

  private static final Logger log = LoggerFactory.getLogger(ForemanInventoryActivitiesImpl.class);

  private final ForemanClients clients;
  private final ForemanConfigRepository configs;
  private final ForemanSnapshotRepository snapshots;
  private final ForemanProperties properties;

  public ForemanInventoryActivitiesImpl(
      ForemanClients clients,
      ForemanConfigRepository configs,
      ForemanSnapshotRepository snapshots,
      ForemanProperties properties) {
    this.clients = clients;
    this.configs = configs;
    this.snapshots = snapshots;
    this.properties = properties;
  }

  @Override
  public HostsCollected collectHosts(InventoryRequest request, UUID snapshotId) {
    ForemanConfig config = config(request.configId());
    ForemanClient client = clients.forConfig(config);
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      String version = status(client).version();
      snapshots.begin(snapshotId, config.id(), request.search());
      HostPager.Result result =
          pager()
              .fetch(
                  client,
                  request.search(),
                  page -> snapshots.addHosts(snapshotId, rows(page)),
                  context::heartbeat);
      int stored = snapshots.hostCount(snapshotId);
      log.info(
          "Foreman '{}': {} hosts in {} pages (subtotal {}) for search '{}'",
          config.name(),
          stored,
          result.pages(),
          result.subtotal(),
          request.search());
      return new HostsCollected(stored, result.pages(), version);
    } catch (RemoteException e) {
      if (e.kind() == FailureKind.BAD_REQUEST && !request.search().isEmpty()) {
        // scoped_search syntax errors are Foreman's 400 (ScopedSearch::QueryNotSupported in
        // app/controllers/api/base_controller.rb): the reader's search is wrong, not Foreman
        throw ApplicationFailure.newNonRetryableFailure(
            "Foreman rejected the search: "
                + e.errorBody().path("error").path("message").asText(e.getMessage()),
            ForemanInventoryActivities.SEARCH_REJECTED);
      }
      throw e.toFailure();
    }
  }

  @Override
  public HypervisorsCollected collectHypervisors(UUID configId, UUID snapshotId) {
    ForemanConfig config = config(configId);
    ForemanClient client = clients.forConfig(config);
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      String version = status(client).version();
      List<ForemanSnapshotRepository.Hypervisor> hypervisors =
          new ArrayList<>(computeResources(client, snapshotId));
      hypervisors.addAll(bareMetal(client, hypervisorSearch(config, version), context));
      int stored = snapshots.replaceHypervisors(snapshotId, hypervisors);
      return new HypervisorsCollected(stored, version);
    } catch (RemoteException e) {
      throw e.toFailure();
    }
  }

  /** A base URL that is not Foreman will not become Foreman by retrying. */
  private static ForemanClient.Status status(ForemanClient client) {
    try {
      return client.status();
    } catch (NotForemanException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), NotForemanException.FAILURE_TYPE);
    }
  }

  @Override
  public void publishSnapshot(UUID snapshotId, String foremanVersion) {
    snapshots.complete(snapshotId, foremanVersion, properties.snapshotsKept());
  }

  /**
   * Virtualization managers; VMware also reports its ESXi host count per cluster (a live, slow-ish
   * query).
   */
  private List<ForemanSnapshotRepository.Hypervisor> computeResources(
      ForemanClient client, UUID snapshotId) {
    Map<Long, Integer> vms = snapshots.vmCountsByComputeResource(snapshotId);
    List<ForemanSnapshotRepository.Hypervisor> managers = new ArrayList<>();
    for (JsonNode resource : allComputeResources(client)) {
      long id = resource.path("id").asLong();
      String provider = resource.path("provider").asText(null);
      managers.add(
          new ForemanSnapshotRepository.Hypervisor(
              "compute_resource",
              id,
              resource.path("name").asText(),
              provider,
              resource.path("url").asText(null),
              "Vmware".equalsIgnoreCase(provider) ? esxiHosts(client, id) : null,
              vms.getOrDefault(id, 0)));
    }
    return managers;
  }

  private List<JsonNode> allComputeResources(ForemanClient client) {
    List<JsonNode> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      ForemanClient.Page next = client.computeResources(page, properties.perPage());
      all.addAll(next.results());
      if (next.results().size() < properties.perPage() || all.size() >= next.subtotal()) {
        return all;
      }
    }
  }

  private static Integer esxiHosts(ForemanClient client, long computeResourceId) {
    try {
      return client.availableClusters(computeResourceId).stream()
          .mapToInt(c -> c.path("num_host").asInt(0))
          .sum();
    } catch (RemoteException e) {
      // The provider itself may be down; the manager is still a hypervisor source, its host count
      // just unknown.
      log.warn(
          "available_clusters of compute resource {} failed: {}",
          computeResourceId,
          e.getMessage());
      return null;
    }
  }

  private List<ForemanSnapshotRepository.Hypervisor> bareMetal(
      ForemanClient client, String search, ActivityExecutionContext context) {
    List<ForemanSnapshotRepository.Hypervisor> hosts =
        Collections.synchronizedList(new ArrayList<>());
    pager()
        .fetch(
            client,
            search,
            page ->
                page.forEach(
                    host ->
                        hosts.add(
                            new ForemanSnapshotRepository.Hypervisor(
                                "bare_metal",
                                host.path("id").asLong(),
                                host.path("name").asText(),
                                null,
                                host.path("operatingsystem_name").asText(null),
                                null,
                                null))),
            context::heartbeat);
    return hosts;
  }

  /**
   * The configuration's own search wins; otherwise Foreman 3.0+ knows {@code reported.virtual},
   * older ones only the raw fact.
   */
  static String hypervisorSearch(ForemanConfig config, String foremanVersion) {
    if (config.hypervisorSearch() != null && !config.hypervisorSearch().isBlank()) {
      return config.hypervisorSearch();
    }
    return majorVersion(foremanVersion) >= 3
        ? "reported.virtual = false"
        : "facts.is_virtual = false";
  }

  private static int majorVersion(String version) {
    try {
      return Integer.parseInt(version.split("\\.")[0]);
    } catch (RuntimeException e) {
      return 3; // unknown: assume a current release
    }
  }

  private static List<ForemanSnapshotRepository.HostRow> rows(List<JsonNode> page) {
    List<ForemanSnapshotRepository.HostRow> rows = new ArrayList<>(page.size());
    for (JsonNode host : page) {
      rows.add(
          new ForemanSnapshotRepository.HostRow(
              host.path("id").asLong(), host.path("name").asText(), host.toString()));
    }
    return rows;
  }

  private HostPager pager() {
    return new HostPager(properties.perPage(), properties.parallelPages());
  }

  private ForemanConfig config(UUID configId) {
    return configs.find(configId).orElseThrow(() -> ForemanFailures.configurationGone(configId));
  }
}
