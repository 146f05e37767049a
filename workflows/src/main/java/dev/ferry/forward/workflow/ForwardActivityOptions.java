package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Retry policy shared by the Forward workflows: 5xx, timeouts and 429 retry with back-off (429 with
 * the delay Forward asks for); bad credentials and validation errors are non-retryable failures
 * from the activity.
 */
final class ForwardActivityOptions {

  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(500))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(12)
          .build();

  private ForwardActivityOptions() {}

  /** The summary names the step in the Web UI's event list. */
  static ActivityOptions step(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        // activities heartbeat while waiting on Forward: a killed worker's step is retried after 10
        // s
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RETRY)
        .setSummary(summary)
        .build();
  }

  /**
   * A short PostgreSQL-only step, run by the worker inside the workflow task (no activity-task
   * round trip through the server).
   */
  static LocalActivityOptions local(String summary) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RETRY)
        .setSummary(summary)
        .build();
  }
}
