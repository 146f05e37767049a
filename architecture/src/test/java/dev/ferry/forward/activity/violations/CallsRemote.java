package dev.ferry.forward.activity.violations;

import dev.ferry.fort.activity.violations.CallsBack;

/** Fixture for ArchitectureTest: one half of a cycle between two features. */
public class CallsRemote {
  public void call() {
    new CallsBack().back();
  }
}
