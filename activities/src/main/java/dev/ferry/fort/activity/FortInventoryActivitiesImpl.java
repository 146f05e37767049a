package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.Fulfilment;
import dev.ferry.fort.workflow.ClusterSnapshot;
import dev.ferry.fort.workflow.FortInventoryActivities;
import dev.ferry.fort.workflow.FulfilmentDigest;
import dev.ferry.fort.workflow.HostDigest;
import dev.ferry.fort.workflow.ProviderPolicy;
import dev.ferry.fort.workflow.ServiceDeclaration;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class FortInventoryActivitiesImpl implements FortInventoryActivities {

  private final FortClusterRepository clusters;
  private final FortStateRepository state;
  private final FortAuditLog audit;
  private final AgentClients agents;
  private final FortProperties properties;
  private final PocketIdKeyCheck keyCheck;

  public FortInventoryActivitiesImpl(
      FortClusterRepository clusters,
      FortStateRepository state,
      FortAuditLog audit,
      AgentClients agents,
      FortProperties properties,
      PocketIdKeyCheck keyCheck) {
    this.clusters = clusters;
    this.state = state;
    this.audit = audit;
    this.agents = agents;
    this.properties = properties;
    this.keyCheck = keyCheck;
  }

  @Override
  public ClusterSnapshot readCluster(String name) {
    FortCluster cluster =
        clusters
            .find(name)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no cluster " + name, "UnknownCluster"));
    keyCheck.checkIfDue(cluster);
    List<FortHost> hosts = clusters.hosts(name);
    List<HostDigest> digests = readAll(cluster, hosts);
    state.recordReads(
        name,
        digests.stream()
            .map(
                d ->
                    new FortStateRepository.ManifestRead(
                        d.host(),
                        d.failure(),
                        d.reachable()
                            ? d.services().stream().map(ServiceDeclaration::name).toList()
                            : null))
            .toList());
    List<FulfilmentDigest> fulfilments =
        state.fulfilments(name).stream().map(FortInventoryActivitiesImpl::digest).toList();
    ProviderPolicy policy =
        new ProviderPolicy(
            cluster.renewBeforeSeconds(),
            properties.tokenRenewBefore().toSeconds(),
            cluster.removalGraceSeconds(),
            cluster.beaconHost() != null,
            cluster.pocketIdUrl() != null,
            cluster.forgejoUrl() != null);
    return WorkDigest.of(
        new ClusterSnapshot(name, policy, digests, fulfilments), System.currentTimeMillis() / 1000);
  }

  /**
   * Reads manifests concurrently (bounded); a failing host becomes an unreachable digest, never an
   * exception.
   */
  private List<HostDigest> readAll(FortCluster cluster, List<FortHost> hosts) {
    Semaphore permits = new Semaphore(properties.manifestReadConcurrency());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HostDigest>> reads = new ArrayList<>();
      for (FortHost host : hosts) {
        reads.add(
            pool.submit(
                () -> {
                  permits.acquire();
                  try {
                    return ManifestDigests.digest(
                        host, cluster.domain(), agents.forHost(cluster, host).manifest());
                  } catch (
                      RuntimeException
                          e) { // an agent error or a malformed manifest: this host only
                    return ManifestDigests.unreachable(
                        host, "manifest read failed: " + e.getMessage());
                  } finally {
                    permits.release();
                  }
                }));
      }
      List<HostDigest> out = new ArrayList<>(hosts.size());
      for (Future<HostDigest> read : reads) {
        out.add(read.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while reading manifests", "Interrupted");
    } catch (ExecutionException e) {
      throw ApplicationFailure.newFailure(
          "manifest read crashed: " + e.getCause(), "ManifestReadFailed");
    }
  }

  @Override
  public void recordFailure(
      String cluster, String host, String service, String action, String message) {
    audit.record(cluster, host, service, action, "failed", message);
    state.failed(cluster, host, action + " " + service + ": " + message);
  }

  private static FulfilmentDigest digest(Fulfilment f) {
    return new FulfilmentDigest(
        f.host(),
        f.service(),
        f.need(),
        f.fingerprint(),
        epoch(f.expiresAt()),
        epoch(f.goneSince()),
        f.rotateRequested());
  }

  private static Long epoch(OffsetDateTime t) {
    return t == null ? null : t.toEpochSecond();
  }
}
