package dev.ferry.foreman.workflow;

import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.UUID;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForemanConnectionTestWorkflowImpl implements ForemanConnectionTestWorkflow {

  // Bad credentials are an answer, not an error: the activity returns them. Retries only cover
  // Ferry's own hiccups (database), never repeated logins that would count toward Foreman's
  // lockout.
  private final ForemanConnectionActivities activities =
      Workflow.newActivityStub(
          ForemanConnectionActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(3))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public ConnectionTestResult test(UUID configId) {
    ConnectionTestResult result = activities.testConnection(configId);
    activities.recordTestResult(Workflow.getInfo().getRunId(), configId, result);
    Workflow.upsertTypedSearchAttributes(
        FerrySearchAttributes.OUTCOME.valueSet(result.outcome().name()));
    return result;
  }
}
