package dev.ferry.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TemporalDevServer;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one schedule helper's verbs against the real Temporal dev server. */
class SchedulesTest {

  private static WorkflowServiceStubs service;
  private static Schedules schedules;

  @BeforeAll
  static void connect() {
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TemporalDevServer.shared(FerrySearchAttributes.ALL).target())
                .build());
    schedules = new Schedules(ScheduleClient.newInstance(service));
  }

  @AfterAll
  static void close() {
    service.shutdown();
  }

  /** Starts a workflow type no worker serves: the run stays open, so overlaps are visible. */
  private static ScheduleActionStartWorkflow action(String id) {
    return ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType("SchedulesTestWorkflow")
        .setOptions(
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue("schedules-test-" + id)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                .build())
        .build();
  }

  private static String newId() {
    return "schedules-test-" + UUID.randomUUID();
  }

  @Test
  void pauseResumeAndTriggerShowInDescribe() throws Exception {
    String id = newId();
    schedules.create(id, Schedules.every(Duration.ofHours(1), action(id), "made by a test"));

    ScheduleDescription created = schedules.describe(id);
    assertThat(created.getSchedule().getState().isPaused()).isFalse();
    assertThat(created.getSchedule().getState().getNote()).isEqualTo("made by a test");
    assertThat(created.getSchedule().getSpec().getIntervals().getFirst().getEvery())
        .isEqualTo(Duration.ofHours(1));

    schedules.pause(id, "paused by a test");
    assertThat(schedules.describe(id).getSchedule().getState().isPaused()).isTrue();
    assertThat(schedules.describe(id).getSchedule().getState().getNote())
        .isEqualTo("paused by a test");

    schedules.resume(id, "resumed by a test");
    assertThat(schedules.describe(id).getSchedule().getState().isPaused()).isFalse();

    // the first trigger starts a run; the second is skipped because that run is still open
    schedules.trigger(id);
    waitFor(() -> schedules.describe(id).getInfo().getNumActions() == 1);
    schedules.trigger(id);
    waitFor(() -> schedules.describe(id).getInfo().getNumActionsSkippedOverlap() == 1);
    assertThat(schedules.describe(id).getInfo().getNumActions()).isEqualTo(1);

    schedules.delete(id);
  }

  @Test
  void ensureCreatesOnceThenUpdatesButKeepsAnOperatorsPause() {
    String id = newId();
    assertThat(schedules.ensure(id, Schedules.every(Duration.ofHours(1), action(id), null)))
        .isTrue();
    schedules.pause(id, "maintenance");

    assertThat(schedules.ensure(id, Schedules.every(Duration.ofHours(2), action(id), null)))
        .isFalse();
    ScheduleDescription updated = schedules.describe(id);
    assertThat(updated.getSchedule().getSpec().getIntervals().getFirst().getEvery())
        .isEqualTo(Duration.ofHours(2));
    assertThat(updated.getSchedule().getState().isPaused()).isTrue();
    assertThat(updated.getSchedule().getState().getNote()).isEqualTo("maintenance");

    schedules.delete(id);
  }

  @Test
  void createRefusesAnExistingScheduleAndDeleteToleratesAMissingOne() {
    String id = newId();
    schedules.create(id, Schedules.every(Duration.ofHours(1), action(id), null));
    assertThatThrownBy(
            () -> schedules.create(id, Schedules.every(Duration.ofHours(1), action(id), null)))
        .isInstanceOf(ScheduleAlreadyRunningException.class);

    schedules.delete(id);
    assertThatThrownBy(() -> schedules.describe(id)).isInstanceOf(ScheduleException.class);
    schedules.delete(id); // already gone: fine
    schedules.delete(newId()); // never existed: fine
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
