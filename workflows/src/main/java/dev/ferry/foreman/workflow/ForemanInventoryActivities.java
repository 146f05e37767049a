package dev.ferry.foreman.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

@ActivityInterface
public interface ForemanInventoryActivities {

  /** Foreman refused the request's search (its scoped_search syntax); never retried. */
  String SEARCH_REJECTED = "ForemanSearchRejected";

  /** Nothing accepted the connection within the configuration's connect timeout. */
  String UNREACHABLE = "ForemanUNREACHABLE";

  /** Foreman accepted the connection but did not answer within the read timeout. */
  String TIMEOUT = "ForemanTIMEOUT";

  /**
   * @param foremanVersion as {@code /api/status} reported it before the hosts were read
   */
  record HostsCollected(int hostCount, int pages, String foremanVersion) {}

  record HypervisorsCollected(int hypervisorCount, String foremanVersion) {}

  /**
   * Proves the base URL is Foreman ({@code /api/status}), then pages through the matching hosts
   * (first page, then the rest in parallel) into the snapshot, one row per host id; heartbeats.
   */
  HostsCollected collectHosts(InventoryRequest request, UUID snapshotId);

  /**
   * Compute resources plus bare-metal hosts matching the configuration's hypervisor search, each
   * once. Only for an unfiltered snapshot: the VM counts come from the snapshot's hosts.
   */
  HypervisorsCollected collectHypervisors(UUID configId, UUID snapshotId);

  /** Makes the snapshot the newest one readers see and prunes older ones. */
  void publishSnapshot(UUID snapshotId, String foremanVersion);
}
