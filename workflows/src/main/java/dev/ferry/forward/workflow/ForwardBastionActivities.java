package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;

/**
 * BYOS option B: the SSH bastion Ferry runs in the cluster for a deployment's tenant. Both steps do
 * nothing for a deployment that did not ask for the bastion.
 */
@ActivityInterface
public interface ForwardBastionActivities {

  /**
   * Applies the tenant's bastion (creating its key pair the first time) and makes it the
   * deployment's jump server, which the credentials step then registers in Forward.
   */
  void ensureBastion(String deploymentId);

  /** Lets go of the bastion; the last deployment to do so removes it from the cluster. */
  void releaseBastion(String deploymentId);
}
