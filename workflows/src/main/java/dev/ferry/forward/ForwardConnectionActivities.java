package dev.ferry.forward;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ForwardConnectionActivities {

  ConnectionOutcome test(String profileId);
}
