package dev.ferry.fort.workflow;

import java.util.List;

/**
 * Everything one cycle plans from: every host's digest and every fulfilment row. No secrets.
 *
 * @param refusedHosts hosts whose manifest declares something Ferry refused (the refused services
 *     are not in their digest; the reasons are stored and audited by the read)
 */
public record ClusterSnapshot(
    String cluster,
    ProviderPolicy policy,
    List<HostDigest> hosts,
    List<FulfilmentDigest> fulfilments,
    List<String> refusedHosts) {

  public ClusterSnapshot {
    // a snapshot recorded before refusals existed (a cycle in flight across an upgrade) has none
    refusedHosts = refusedHosts == null ? List.of() : refusedHosts;
  }
}
