package dev.ferry.fort.workflow;

import io.temporal.activity.ActivityInterface;

/**
 * The beacon provider: one nginx server block per public service, written through the beacon host's
 * agent.
 */
@ActivityInterface
public interface BeaconActivities {

  TaskOutcome ensureProxy(HostWork host, NeedTask task);

  TaskOutcome removeProxy(HostWork host, NeedTask task);
}
