package dev.ferry.api.foreman;

import dev.ferry.foreman.workflow.ForemanTestAllWorkflow;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One Temporal Schedule runs {@link ForemanTestAllWorkflow} every interval; it tests whatever
 * configurations exist at that moment, so creating or deleting a configuration never touches the
 * schedule. Overlaps are skipped: a slow Foreman must not pile up runs.
 */
@Component
public class ForemanTestSchedule {

  private static final Logger log = LoggerFactory.getLogger(ForemanTestSchedule.class);

  private final ScheduleClient schedules;
  private final Duration interval;
  private final AtomicBoolean ensured = new AtomicBoolean();

  public ForemanTestSchedule(ScheduleClient schedules, ForemanApiProperties properties) {
    this.schedules = schedules;
    this.interval = properties.testInterval();
  }

  public record State(
      String scheduleId,
      Duration interval,
      boolean paused,
      String note,
      long actionsTaken,
      List<String> recentWorkflowIds,
      List<String> nextRuns) {}

  /**
   * At start-up and on each configuration creation; if Temporal is not reachable, the next one (or
   * any schedule request) tries again.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void ensureQuietly() {
    try {
      ensure();
    } catch (RuntimeException e) {
      log.warn("Could not create or update the Foreman test schedule yet: {}", e.getMessage());
    }
  }

  /** Creates the schedule, or brings an existing one to the configured interval; idempotent. */
  public void ensure() {
    if (ensured.get()) {
      return;
    }
    Schedule wanted = schedule();
    try {
      schedules.createSchedule(
          ForemanTestAllWorkflow.SCHEDULE_ID, wanted, ScheduleOptions.newBuilder().build());
      log.info("Created schedule {} (every {})", ForemanTestAllWorkflow.SCHEDULE_ID, interval);
    } catch (ScheduleAlreadyRunningException e) {
      // keep its paused state and note: an operator's pause survives restarts
      handle()
          .update(
              input -> {
                Schedule current = input.getDescription().getSchedule();
                return new ScheduleUpdate(
                    Schedule.newBuilder(wanted).setState(current.getState()).build());
              });
    }
    ensured.set(true);
  }

  public State describe() {
    ensure();
    ScheduleDescription d = handle().describe();
    ScheduleState state = d.getSchedule().getState();
    return new State(
        ForemanTestAllWorkflow.SCHEDULE_ID,
        interval,
        state.isPaused(),
        state.getNote(),
        d.getInfo().getNumActions(),
        d.getInfo().getRecentActions().stream()
            .map(
                a ->
                    a.getAction() instanceof ScheduleActionExecutionStartWorkflow w
                        ? w.getWorkflowId()
                        : "")
            .toList(),
        d.getInfo().getNextActionTimes().stream().limit(3).map(Object::toString).toList());
  }

  public void pause(String note) {
    ensure();
    handle().pause(note);
  }

  public void unpause(String note) {
    ensure();
    handle().unpause(note);
  }

  /** Runs the tests now, outside the interval (still subject to the overlap policy). */
  public void trigger() {
    ensure();
    handle().trigger();
  }

  private ScheduleHandle handle() {
    return schedules.getHandle(ForemanTestAllWorkflow.SCHEDULE_ID);
  }

  private Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ForemanTestAllWorkflow.class)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(ForemanTestAllWorkflow.SCHEDULE_ID)
                        .setTaskQueue(FerryTaskQueues.MAIN)
                        .setWorkflowRunTimeout(Duration.ofMinutes(10))
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .build())
        .setState(ScheduleState.newBuilder().build())
        .build();
  }
}
