package dev.ferry.forward.workflow;

import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardCollectorWorkflowImpl implements ForwardCollectorWorkflow {

  /** A few attempts: each step is idempotent, and the caller waits for the answer. */
  private final ForwardCollectorActivities activities =
      Workflow.newActivityStub(
          ForwardCollectorActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setMaximumAttempts(3)
                      .setInitialInterval(Duration.ofSeconds(1))
                      .build())
              .build());

  @Override
  public List<CollectorStatus> run(CollectorAction action, String profileId, String ownerName) {
    return switch (action) {
      case STATUS -> activities.status(profileId);
      case REREGISTER -> activities.reregister(profileId, ownerName);
      case DELETE -> {
        activities.delete(profileId);
        yield List.of();
      }
    };
  }
}
