package dev.ferry.fort.workflow;

import io.temporal.activity.ActivityInterface;

/**
 * Reading a cluster's state: every manifest (concurrently, in one activity) and the fulfilment
 * rows.
 */
@ActivityInterface
public interface FortInventoryActivities {

  /**
   * Reads every host's manifest and records host health; unreachable hosts are reported, not
   * thrown.
   */
  ClusterSnapshot readCluster(String cluster);

  /** Records a task that failed for good (audit and host health). */
  void recordFailure(String cluster, String host, String service, String action, String message);
}
