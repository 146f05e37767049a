package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ForwardConnectionActivities {

  ConnectionOutcome test(String profileId);
}
