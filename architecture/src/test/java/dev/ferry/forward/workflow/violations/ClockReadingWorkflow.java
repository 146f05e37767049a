package dev.ferry.forward.workflow.violations;

import dev.ferry.forward.activity.violations.CallsRemote;
import java.time.Instant;

/** Fixture for ArchitectureTest: workflow code that reads the clock and reaches into activities. */
public class ClockReadingWorkflow {
  public Instant run() {
    new CallsRemote().call();
    return Instant.now();
  }
}
