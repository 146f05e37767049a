package dev.ferry.foreman.activity;

import io.temporal.failure.ApplicationFailure;
import java.util.UUID;

/** The failure of an activity whose Foreman configuration was deleted meanwhile. */
final class ForemanFailures {

  private ForemanFailures() {}

  static ApplicationFailure configurationGone(UUID configId) {
    return ApplicationFailure.newNonRetryableFailure(
        "no Foreman configuration " + configId, "ForemanConfigNotFound");
  }
}
