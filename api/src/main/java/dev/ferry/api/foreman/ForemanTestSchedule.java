package dev.ferry.api.foreman;

import dev.ferry.api.schedule.Schedules;
import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.workflow.ForemanTestAllWorkflow;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleState;
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
 * schedule.
 */
@Component
public class ForemanTestSchedule {

  private static final Logger log = LoggerFactory.getLogger(ForemanTestSchedule.class);

  private final Schedules schedules;
  private final ForemanConfigRepository configs;
  private final ForemanTestThrottle throttle;
  private final Duration interval;
  private final AtomicBoolean ensured = new AtomicBoolean();

  public ForemanTestSchedule(
      Schedules schedules,
      ForemanConfigRepository configs,
      ForemanTestThrottle throttle,
      ForemanApiProperties properties) {
    this.schedules = schedules;
    this.configs = configs;
    this.throttle = throttle;
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
    if (schedules.ensure(
        ForemanTestAllWorkflow.SCHEDULE_ID, Schedules.every(interval, action(), null))) {
      log.info("Created schedule {} (every {})", ForemanTestAllWorkflow.SCHEDULE_ID, interval);
    }
    ensured.set(true);
  }

  /** The schedule's id for {@link Schedules}' verbs, once it is sure to exist. */
  public String id() {
    ensure();
    return ForemanTestAllWorkflow.SCHEDULE_ID;
  }

  /**
   * Tests every configuration now through the schedule; refused with 429 while any of them is
   * within its {@link ForemanTestThrottle} window.
   */
  public void trigger() {
    throttle.acquire(configs.list().stream().map(ForemanConfig::id).toList());
    schedules.trigger(id());
  }

  public State describe() {
    ScheduleDescription d = schedules.describe(id());
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

  private static ScheduleActionStartWorkflow action() {
    return ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(ForemanTestAllWorkflow.class)
        .setOptions(
            WorkflowOptions.newBuilder()
                .setWorkflowId(ForemanTestAllWorkflow.SCHEDULE_ID)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setWorkflowRunTimeout(Duration.ofMinutes(10))
                .build())
        .build();
  }
}
