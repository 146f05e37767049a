package dev.ferry.api.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.TestDatabase;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A start and the submission it reads, on the real dev server and PostgreSQL: committed only when
 * the start made the run, rolled back when it joined one, the start overlapping the writes, and a
 * run whose submission was not stored terminated. No worker runs, so started runs stay pending.
 */
class StoredStartTest {

  @RegisterExtension static final DevServerNamespace TEMPORAL = new DevServerNamespace(List.of());

  private JdbcClient jdbc;
  private WorkflowClient client;
  private StoredStart storedStart;

  @BeforeEach
  void setUp() {
    DriverManagerDataSource db = TestDatabase.newDataSource();
    jdbc = JdbcClient.create(db);
    jdbc.sql("CREATE TABLE submissions (id text PRIMARY KEY, run text)").update();
    client =
        WorkflowClient.newInstance(
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(TEMPORAL.target()).build()),
            WorkflowClientOptions.newBuilder().setNamespace(TEMPORAL.name()).build());
    storedStart =
        new StoredStart(new TransactionTemplate(new DataSourceTransactionManager(db)), client);
  }

  @Test
  void theSubmissionCommitsWhenTheStartMadeTheRun() {
    String id = "stored-" + UUID.randomUUID();

    StoredStart.Outcome outcome = storedStart.start(prepared(id, "first"));

    assertThat(outcome.alreadyRunning()).isFalse();
    assertThat(stored()).containsExactly("first");
    assertThat(status(outcome.execution()))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void joiningARunningRunRollsTheSubmissionBack() {
    String id = "stored-" + UUID.randomUUID();
    WorkflowExecution first = storedStart.start(prepared(id, "first")).execution();

    StoredStart.Outcome second = storedStart.start(prepared(id, "second"));

    assertThat(second.alreadyRunning()).isTrue();
    assertThat(second.execution().getRunId()).isEqualTo(first.getRunId());
    assertThat(stored()).containsExactly("first");
  }

  @Test
  void theStartGoesOutWhileTheSubmissionIsBeingWritten() throws Exception {
    String id = "stored-" + UUID.randomUUID();
    CountDownLatch started = new CountDownLatch(1);
    boolean[] startedDuringWrites = new boolean[1];

    storedStart.start(
        () ->
            new StoredStart.Prepared(
                () -> {
                  WorkflowExecution run = start(id);
                  started.countDown();
                  return run;
                },
                () -> {
                  jdbc.sql("INSERT INTO submissions (id, run) VALUES (?, 'first')")
                      .param(UUID.randomUUID().toString())
                      .update();
                  try {
                    // a start made after the writes would never count down here
                    startedDuringWrites[0] = started.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));

    assertThat(startedDuringWrites[0]).isTrue();
    assertThat(stored()).containsExactly("first");
  }

  @Test
  void aRunWhoseSubmissionWasNotStoredIsTerminated() {
    String id = "stored-" + UUID.randomUUID();
    jdbc.sql("INSERT INTO submissions (id, run) VALUES ('taken', 'before')").update();
    WorkflowExecution[] made = new WorkflowExecution[1];

    assertThatThrownBy(
            () ->
                storedStart.start(
                    () ->
                        new StoredStart.Prepared(
                            () -> made[0] = start(id),
                            () ->
                                jdbc.sql("INSERT INTO submissions (id, run) VALUES ('taken', ?)")
                                    .param(id)
                                    .update())))
        .isInstanceOf(DuplicateKeyException.class);

    assertThat(status(made[0]))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    assertThat(stored()).containsExactly("before");
  }

  /** Starts the run with this id and stores one row named {@code run}. */
  private Supplier<StoredStart.Prepared> prepared(String id, String run) {
    return () ->
        new StoredStart.Prepared(
            () -> start(id),
            () ->
                jdbc.sql("INSERT INTO submissions (id, run) VALUES (?, ?)")
                    .params(UUID.randomUUID().toString(), run)
                    .update());
  }

  private WorkflowExecution start(String id) {
    return client
        .newUntypedWorkflowStub(
            "Pending",
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue("stored-start-test")
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build())
        .start();
  }

  private List<String> stored() {
    return jdbc.sql("SELECT run FROM submissions ORDER BY run").query(String.class).list();
  }

  private WorkflowExecutionStatus status(WorkflowExecution execution) {
    return client
        .newUntypedWorkflowStub(
            execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty())
        .describe()
        .getStatus();
  }
}
