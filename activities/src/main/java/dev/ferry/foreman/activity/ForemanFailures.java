package dev.ferry.foreman.activity;

import io.temporal.failure.ApplicationFailure;
import java.util.UUID;

/** Turns a Foreman failure into the activity failure Temporal should act on. */
final class ForemanFailures {

  private ForemanFailures() {}

  static ApplicationFailure of(ForemanException e) {
    String type = "Foreman" + e.kind().name();
    if (e.kind().permanent()) {
      return ApplicationFailure.newNonRetryableFailure(e.getMessage(), type);
    }
    if (e.retryAfter() != null) {
      return ApplicationFailure.newFailureWithCauseAndDelay(
          e.getMessage(), type, null, e.retryAfter());
    }
    return ApplicationFailure.newFailure(e.getMessage(), type);
  }

  static ApplicationFailure configurationGone(UUID configId) {
    return ApplicationFailure.newNonRetryableFailure(
        "no Foreman configuration " + configId, "ForemanConfigNotFound");
  }
}
