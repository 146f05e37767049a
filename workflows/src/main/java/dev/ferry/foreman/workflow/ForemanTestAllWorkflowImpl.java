package dev.ferry.foreman.workflow;

import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForemanTestAllWorkflowImpl implements ForemanTestAllWorkflow {

  private final ForemanConnectionActivities activities =
      Workflow.newActivityStub(
          ForemanConnectionActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public Summary testAll() {
    List<Promise<ConnectionTestResult>> tests = new ArrayList<>();
    for (UUID configId : activities.listConfigIds()) {
      ForemanConnectionTestWorkflow test =
          Workflow.newChildWorkflowStub(
              ForemanConnectionTestWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(
                      ForemanConnectionTestWorkflow.ID_PREFIX
                          + configId
                          + "/"
                          + Workflow.getInfo().getWorkflowId())
                  .setTypedSearchAttributes(
                      SearchAttributes.newBuilder()
                          .set(FerrySearchAttributes.FOREMAN_CONFIG, configId.toString())
                          .build())
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                  .build());
      tests.add(Async.function(test::test, configId));
    }
    int ok = 0;
    int failed = 0;
    for (Promise<ConnectionTestResult> test : tests) {
      try {
        if (test.get().ok()) {
          ok++;
        } else {
          failed++;
        }
      } catch (ChildWorkflowFailure e) {
        // e.g. the configuration was deleted while the run was starting; the others still count
        failed++;
      }
    }
    return new Summary(tests.size(), ok, failed);
  }
}
