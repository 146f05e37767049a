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
 *     #LISTED_UNREACHABLE}
 * @param unreachableCount all of them
 * @param deferredHosts hosts with work left for the next cycle, beyond this cycle's bound
 */
public record ClusterSnapshot(
    String cluster,
    ProviderPolicy policy,
    List<HostDigest> hosts,
    List<FulfilmentDigest> fulfilments,
    int hostCount,
    List<String> unreachableHosts,
    int unreachableCount,
    int deferredHosts) {

  /** Unreachable hosts named in the snapshot (and the search attribute); the rest are counted. */
  public static final int LISTED_UNREACHABLE = 100;

  /** Every host and row as given, nothing deferred (the planner's and the tests' view). */
  public ClusterSnapshot(
      String cluster,
      ProviderPolicy policy,
      List<HostDigest> hosts,
      List<FulfilmentDigest> fulfilments) {
    this(
        cluster,
        policy,
        hosts,
        fulfilments,
        hosts.size(),
        unreachable(hosts).stream().limit(LISTED_UNREACHABLE).toList(),
        unreachable(hosts).size(),
        0);
  }

  private static List<String> unreachable(List<HostDigest> hosts) {
    return hosts.stream().filter(h -> !h.reachable()).map(HostDigest::host).toList();
  }
}
