package dev.ferry.fort.workflow;

import java.util.List;

/**
 * What one cycle plans from, digested so that its size follows the work, not the cluster: the hosts
 * with unmet needs (at most a bounded number per cycle) and their fulfilment rows; every other host
 * is only counted. No secrets.
 *
 * @param hosts reachable hosts that have work this cycle, with their manifest digests
 * @param fulfilments the delivered state of those hosts
 * @param hostCount every host of the cluster
 * @param unreachableHosts names of hosts whose manifest could not be read, at most {@link
 *     #LISTED_HOSTS}
 * @param unreachableCount all of them
 * @param deferredHosts hosts with work left for the next cycle, beyond this cycle's bound
 * @param refusedHosts hosts whose manifest declares something Ferry refused, at most {@link
 *     #LISTED_HOSTS} (the refused services are not in their digest; the reasons are stored and
 *     audited by the read)
 */
public record ClusterSnapshot(
    String cluster,
    ProviderPolicy policy,
    List<HostDigest> hosts,
    List<FulfilmentDigest> fulfilments,
    int hostCount,
    List<String> unreachableHosts,
    int unreachableCount,
    int deferredHosts,
    List<String> refusedHosts) {

  /**
   * Unreachable or refused hosts named in the snapshot (and search attributes); the rest counted.
   */
  public static final int LISTED_HOSTS = 100;

  public ClusterSnapshot {
    // a snapshot recorded before refusals existed (a cycle in flight across an upgrade) has none
    refusedHosts =
        refusedHosts == null ? List.of() : refusedHosts.stream().limit(LISTED_HOSTS).toList();
  }

  /** Every host and row as given, nothing deferred (the read's, the planner's and tests' view). */
  public ClusterSnapshot(
      String cluster,
      ProviderPolicy policy,
      List<HostDigest> hosts,
      List<FulfilmentDigest> fulfilments,
      List<String> refusedHosts) {
    this(
        cluster,
        policy,
        hosts,
        fulfilments,
        hosts.size(),
        unreachable(hosts).stream().limit(LISTED_HOSTS).toList(),
        unreachable(hosts).size(),
        0,
        refusedHosts);
  }

  private static List<String> unreachable(List<HostDigest> hosts) {
    return hosts.stream().filter(h -> !h.reachable()).map(HostDigest::host).toList();
  }
}
