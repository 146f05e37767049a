package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ForwardDestroyActivities {

  /**
   * Deletes every object Ferry created for the deployment except its network: devices, endpoints,
   * CLI credentials, jump servers and the Linux endpoint profile; returns how many devices and
   * endpoints were removed.
   */
  int removeDevices(String deploymentId);

  /**
   * Deletes the Forward network (with everything in it) and the deployment's endpoint profile;
   * false when there was no network (a 404 counts as done).
   */
  boolean deleteNetwork(String deploymentId);
}
