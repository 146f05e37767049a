package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ForwardDestroyActivities {

  /**
   * Deletes the deployment's devices and endpoints from its Forward network; returns how many were
   * removed.
   */
  int removeDevices(String deploymentId);

  /** Deletes the Forward network; false when there was none (a 404 counts as done). */
  boolean deleteNetwork(String deploymentId);
}
