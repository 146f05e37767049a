package dev.ferry.fort.workflow;

import java.util.List;

/** Everything one cycle plans from: every host's digest and every fulfilment row. No secrets. */
public record ClusterSnapshot(
    String cluster,
    ProviderPolicy policy,
    List<HostDigest> hosts,
    List<FulfilmentDigest> fulfilments) {}
