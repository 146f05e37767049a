package dev.ferry.fort.activity.violations;

import dev.ferry.forward.activity.violations.CallsRemote;

/** Fixture for ArchitectureTest: the other half of a cycle between two features. */
public class CallsBack {
  public void back() {
    new CallsRemote();
  }
}
