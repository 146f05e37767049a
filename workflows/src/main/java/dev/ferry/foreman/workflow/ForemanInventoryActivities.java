package dev.ferry.foreman.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

@ActivityInterface
public interface ForemanInventoryActivities {

  record HostsCollected(int hostCount, int pages) {}

  record HypervisorsCollected(int hypervisorCount, String foremanVersion) {}

  /**
   * Pages through the matching hosts (first page, then the rest in parallel) into the snapshot;
   * heartbeats.
   */
  HostsCollected collectHosts(InventoryRequest request, UUID snapshotId);

  /** Compute resources plus bare-metal hosts matching the configuration's hypervisor search. */
  HypervisorsCollected collectHypervisors(UUID configId, UUID snapshotId);

  /** Makes the snapshot the newest one readers see and prunes older ones. */
  void publishSnapshot(UUID snapshotId, String foremanVersion);
}
