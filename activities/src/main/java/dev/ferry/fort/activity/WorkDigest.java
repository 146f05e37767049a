package dev.ferry.fort.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.fort.workflow.ClusterSnapshot;
import dev.ferry.fort.workflow.FulfilmentDigest;
import dev.ferry.fort.workflow.HostDigest;
import dev.ferry.fort.workflow.NeedPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a cycle's full snapshot down to what the workflow acts on, so that no payload approaches
 * Temporal's 2 MB limit however large the cluster: the hosts the planner finds work for (in host
 * order, until {@link #MAX_HOSTS} or {@link #MAX_BYTES} is reached; the rest wait for the next
 * cycle) with their fulfilment rows, and counts for the rest. The workflow plans again on this
 * subset, in workflow code, and gets the same tasks for these hosts.
 */
final class WorkDigest {

  /** Hosts fulfilled by one cycle at most (each is a child run in the cycle's history). */
  static final int MAX_HOSTS = 500;

  /** Serialised size of the hosts and rows carried, a quarter of Temporal's payload limit. */
  static final int MAX_BYTES = 512 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkDigest() {}

  static ClusterSnapshot of(ClusterSnapshot full, long nowEpochSecond) {
    Map<String, List<FulfilmentDigest>> rowsByHost = new HashMap<>();
    for (FulfilmentDigest f : full.fulfilments()) {
      rowsByHost.computeIfAbsent(f.host(), h -> new ArrayList<>()).add(f);
    }
    Set<String> withWork = NeedPlanner.plan(full, nowEpochSecond).keySet();
    List<HostDigest> hosts = new ArrayList<>();
    List<FulfilmentDigest> rows = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    long bytes = 0;
    for (HostDigest host : full.hosts()) {
      if (!withWork.contains(host.host())) {
        continue;
      }
      List<FulfilmentDigest> hostRows = rowsByHost.getOrDefault(host.host(), List.of());
      long size = size(host) + hostRows.stream().mapToLong(WorkDigest::size).sum();
      if (hosts.size() >= MAX_HOSTS || (!hosts.isEmpty() && bytes + size > MAX_BYTES)) {
        break;
      }
      hosts.add(host);
      rows.addAll(hostRows);
      taken.add(host.host());
      bytes += size;
    }
    return new ClusterSnapshot(
        full.cluster(),
        full.policy(),
        hosts,
        rows,
        full.hostCount(),
        full.unreachableHosts(),
        full.unreachableCount(),
        withWork.size() - taken.size(),
        full.refusedHosts());
  }

  private static long size(Object value) {
    try {
      return JSON.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
