package dev.ferry.api.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Every Temporal Schedule Ferry runs, by id, with one set of verbs: create or ensure, describe,
 * pause, resume, trigger, delete. Features only say what a schedule starts and how often.
 */
@Component
public class Schedules {

  private final ScheduleClient client;

  public Schedules(ScheduleClient client) {
    this.client = client;
  }

  /**
   * Runs {@code action} every {@code interval}; a run still going when the next is due makes that
   * one skip, so a slow remote never piles up runs.
   */
  public static Schedule every(Duration interval, ScheduleActionStartWorkflow action, String note) {
    ScheduleState.Builder state = ScheduleState.newBuilder();
    if (note != null) {
      state.setNote(note);
    }
    return Schedule.newBuilder()
        .setAction(action)
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .build())
        .setState(state.build())
        .build();
  }

  /** Creates the schedule; fails with {@link ScheduleAlreadyRunningException} if it exists. */
  public void create(String scheduleId, Schedule schedule) {
    client.createSchedule(scheduleId, schedule, ScheduleOptions.newBuilder().build());
  }

  /**
   * Creates the schedule, or brings an existing one to {@code wanted} while keeping its paused
   * state and note: an operator's pause survives restarts. Returns true if it created it.
   */
  public boolean ensure(String scheduleId, Schedule wanted) {
    try {
      create(scheduleId, wanted);
      return true;
    } catch (ScheduleAlreadyRunningException e) {
      handle(scheduleId)
          .update(
              input ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(wanted)
                          .setState(input.getDescription().getSchedule().getState())
                          .build()));
      return false;
    }
  }

  public ScheduleDescription describe(String scheduleId) {
    return handle(scheduleId).describe();
  }

  public void pause(String scheduleId, String note) {
    handle(scheduleId).pause(note);
  }

  public void resume(String scheduleId, String note) {
    handle(scheduleId).unpause(note);
  }

  /** Starts a run now, outside the interval; skipped like a due run if one is still going. */
  public void trigger(String scheduleId) {
    handle(scheduleId).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
  }

  /** Deletes the schedule; one that is already gone is fine. */
  public void delete(String scheduleId) {
    try {
      handle(scheduleId).delete();
    } catch (ScheduleException e) {
      if (!(e.getCause() instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.NOT_FOUND)) {
        throw e;
      }
    }
  }

  private ScheduleHandle handle(String scheduleId) {
    return client.getHandle(scheduleId);
  }
}
