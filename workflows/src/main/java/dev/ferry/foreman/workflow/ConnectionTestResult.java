package dev.ferry.foreman.workflow;

import java.time.Instant;
import java.util.List;

/** What one connection test found; foremanVersion and latencyMs are set when Foreman answered. */
public record ConnectionTestResult(
    ConnectionOutcome outcome,
    String message,
    String foremanVersion,
    Long latencyMs,
    List<String> missingPermissions,
    Instant testedAt) {

  public boolean ok() {
    return outcome == ConnectionOutcome.OK;
  }
}
