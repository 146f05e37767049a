package dev.ferry.forward.workflow;

import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardConnectionWorkflowImpl implements ForwardConnectionWorkflow {

  /** One attempt: the outcome (timeout, unreachable, ...) is the answer the user asked for. */
  private final ForwardConnectionActivities activities =
      Workflow.newActivityStub(
          ForwardConnectionActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(45))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .setSummary("GET /api/version")
              .build());

  @Override
  public ConnectionOutcome test(String profileId) {
    try {
      return activities.test(profileId);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof TimeoutFailure) {
        // The probe gives up after 15 s itself; getting here means even that did not return in
        // time.
        return new ConnectionOutcome(
            ConnectionStatus.TIMEOUT, null, "the connection test did not finish in time");
      }
      throw e;
    }
  }
}
