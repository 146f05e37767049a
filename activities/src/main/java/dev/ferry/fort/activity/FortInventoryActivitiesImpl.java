package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortRefusals;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.Fulfilment;
import dev.ferry.fort.store.ServiceRefusal;
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
  private final ClaimedNames claimedNames;
  private final FortRefusals refusals;

  public FortInventoryActivitiesImpl(
      FortClusterRepository clusters,
      FortStateRepository state,
      FortAuditLog audit,
      AgentClients agents,
      FortProperties properties,
      PocketIdKeyCheck keyCheck,
      ClaimedNames claimedNames,
      FortRefusals refusals) {
    this.clusters = clusters;
    this.state = state;
    this.audit = audit;
    this.agents = agents;
    this.properties = properties;
    this.keyCheck = keyCheck;
    this.claimedNames = claimedNames;
    this.refusals = refusals;
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
    List<ManifestDigests.Reading> readings = claimedNames.bind(name, readAll(cluster, hosts));
    List<HostDigest> digests = readings.stream().map(ManifestDigests.Reading::digest).toList();
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
    List<ManifestDigests.Reading> read =
        readings.stream().filter(r -> r.digest().reachable()).toList();
    claimedNames.release(name, read);
    List<String> refusedHosts = recordRefusals(name, read);
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
        new ClusterSnapshot(name, policy, digests, fulfilments, refusedHosts),
        System.currentTimeMillis() / 1000);
  }

  /** Stores (and audits when new) every refusal of the hosts read; answers the hosts with any. */
  private List<String> recordRefusals(String cluster, List<ManifestDigests.Reading> read) {
    List<ServiceRefusal> all = new ArrayList<>();
    List<String> refusedHosts = new ArrayList<>();
    for (ManifestDigests.Reading r : read) {
      if (!r.refusals().isEmpty()) {
        refusedHosts.add(r.digest().host());
      }
      for (ManifestDigests.Refusal f : r.refusals()) {
        all.add(
            new ServiceRefusal(
                cluster, r.digest().host(), f.service(), f.fqdn(), f.reason(), null));
      }
    }
    refusals.record(cluster, read.stream().map(r -> r.digest().host()).toList(), all);
    return refusedHosts;
  }

  /**
   * Reads manifests concurrently (bounded); a failing host becomes an unreachable digest, never an
   * exception.
   */
  private List<ManifestDigests.Reading> readAll(FortCluster cluster, List<FortHost> hosts) {
    Semaphore permits = new Semaphore(properties.manifestReadConcurrency());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ManifestDigests.Reading>> reads = new ArrayList<>();
      for (FortHost host : hosts) {
        reads.add(
            pool.submit(
                () -> {
                  permits.acquire();
                  try {
                    return ManifestDigests.read(
                        host, cluster.domain(), agents.forHost(cluster, host).manifest());
                  } catch (
                      RuntimeException
                          e) { // an agent error or a malformed manifest: this host only
                    return new ManifestDigests.Reading(
                        ManifestDigests.unreachable(
                            host, "manifest read failed: " + e.getMessage()),
                        List.of());
                  } finally {
                    permits.release();
                  }
                }));
      }
      List<ManifestDigests.Reading> out = new ArrayList<>(hosts.size());
      for (Future<ManifestDigests.Reading> read : reads) {
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
