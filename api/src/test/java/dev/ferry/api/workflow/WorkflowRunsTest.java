package dev.ferry.api.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Looking at runs: missing, running (with its query), failed (with the innermost reason). */
class WorkflowRunsTest {

  private static final String QUEUE = "workflow-runs-test";

  public record Progress(String phase, int done) {}

  @WorkflowInterface
  public interface Slow {
    @WorkflowMethod
    void run(boolean fail);

    @QueryMethod
    Progress progress();
  }

  public static class SlowImpl implements Slow {
    @Override
    public void run(boolean fail) {
      if (fail) {
        throw ApplicationFailure.newNonRetryableFailure("401 Invalid login", "RemoteRejected");
      }
      Workflow.sleep(Duration.ofHours(1));
    }

    @Override
    public Progress progress() {
      return new Progress("devices", 3);
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowRuns runs;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(SlowImpl.class);
    env.start();
    client = env.getWorkflowClient();
    runs = new WorkflowRuns(client);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private WorkflowExecution start(String id, boolean fail) {
    Slow slow =
        client.newWorkflowStub(
            Slow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    return WorkflowClient.start(slow::run, fail);
  }

  @Test
  void aMissingRunIsEmptyNotAnError() {
    assertThat(runs.describe("no-such-run")).isEmpty();
    assertThat(runs.running("no-such-run")).isEmpty();
    assertThat(runs.failure("no-such-run")).isEmpty();
  }

  @Test
  void aRunningRunAnswersItsQuery() {
    WorkflowExecution execution = start("slow-1", false);

    assertThat(runs.running("slow-1")).contains(execution);
    assertThat(WorkflowRuns.status(runs.describe("slow-1").orElseThrow())).isEqualTo("RUNNING");
    assertThat(runs.query(execution, "progress", Progress.class))
        .contains(new Progress("devices", 3));
    assertThat(runs.query(execution, "no-such-query", Progress.class)).isEmpty();
    assertThat(runs.failure("slow-1")).isEmpty();
  }

  @Test
  void aFailedRunTellsTheInnermostReason() {
    start("failing-1", true);
    try {
      client.newUntypedWorkflowStub("failing-1").getResult(Void.class);
    } catch (RuntimeException expected) {
      // the run failed, as it should
    }

    assertThat(runs.running("failing-1")).isEmpty();
    assertThat(WorkflowRuns.status(runs.describe("failing-1").orElseThrow())).isEqualTo("FAILED");
    assertThat(runs.failure("failing-1")).contains("401 Invalid login");
  }
}
