package dev.ferry.fort.workflow;

import java.util.List;

/**
 * What one reconcile cycle did.
 *
 * @param refusedHosts hosts with declarations Ferry refused (see the cluster's refusals)
 * @param fulfilledHosts hosts that had unmet needs; each got a run {@code
 *     fort-host/<cluster>/<host>}
 */
public record CycleReport(
    String cluster,
    int hosts,
    List<String> unreachableHosts,
    List<String> refusedHosts,
    List<String> fulfilledHosts,
    List<String> failedHosts,
    int tasks) {}
