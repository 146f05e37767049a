package dev.ferry.api.violations;

import dev.ferry.forward.activity.violations.CallsRemote;

/** Fixture for ArchitectureTest: the api calling an activity's remote client itself. */
public class ControllerCallingRemote {
  public void handle() {
    new CallsRemote().call();
  }
}
