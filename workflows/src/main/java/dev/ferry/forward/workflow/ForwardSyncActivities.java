package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;

/**
 * Every step takes the deployment id and reads what it needs (devices, secrets, cached ids) itself.
 */
@ActivityInterface
public interface ForwardSyncActivities {

  SyncPlan plan(String deploymentId);

  /**
   * Registers or reuses the collector (and deploys it in-cluster); returns its username, or null
   * for BYOS without one.
   */
  String ensureCollector(String deploymentId);

  NetworkRef ensureNetwork(String deploymentId);

  void bindCollector(String deploymentId);

  /**
   * CLI credentials per device kind (rotated on a new fingerprint), jump server, Linux endpoint
   * profile.
   */
  void ensureCredentials(String deploymentId);

  /** Upserts batch {@code batchIndex} of the classic devices; returns how many it put. */
  int putDevices(String deploymentId, int batchIndex);

  int putEndpoints(String deploymentId);

  /**
   * Deletes the network's devices and endpoints that the deployment's inventory no longer lists;
   * returns how many.
   */
  int pruneRemoved(String deploymentId);

  String startCollection(String deploymentId);

  SyncResult finish(String deploymentId, String collectionTaskId);
}
