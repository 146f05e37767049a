package dev.ferry.forward.activity;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's time went, from its history: each event's offset from the run's start; how long
 * each activity waited for a worker and ran, each timer took, each workflow task was queued and
 * ran. Printed by the benchmark with {@code BENCH_TIMELINE=1}.
 */
final class HistoryTimeline {

  private HistoryTimeline() {}

  static String of(WorkflowExecutionHistory history) {
    List<HistoryEvent> events = history.getEvents();
    long origin = millis(events.get(0).getEventTime());
    Map<Long, HistoryEvent> byId = new HashMap<>();
    StringBuilder out = new StringBuilder();
    for (HistoryEvent e : events) {
      byId.put(e.getEventId(), e);
      long at = millis(e.getEventTime()) - origin;
      String line =
          switch (e.getEventType()) {
            case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
                "workflow task    "
                    + since(
                        byId, e.getWorkflowTaskStartedEventAttributes().getScheduledEventId(), e)
                    + " queued";
            case EVENT_TYPE_WORKFLOW_TASK_COMPLETED ->
                "workflow task    "
                    + since(
                        byId, e.getWorkflowTaskCompletedEventAttributes().getStartedEventId(), e)
                    + " run";
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
                "schedule         " + name(byId, e.getEventId());
            case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
                "  start          "
                    + name(byId, e.getActivityTaskStartedEventAttributes().getScheduledEventId())
                    + " after "
                    + since(
                        byId, e.getActivityTaskStartedEventAttributes().getScheduledEventId(), e);
            case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
                "  complete       "
                    + name(byId, e.getActivityTaskCompletedEventAttributes().getScheduledEventId())
                    + " ran "
                    + since(
                        byId, e.getActivityTaskCompletedEventAttributes().getStartedEventId(), e);
            case EVENT_TYPE_TIMER_STARTED ->
                "timer            "
                    + millis(e.getTimerStartedEventAttributes().getStartToFireTimeout())
                    + " ms";
            case EVENT_TYPE_TIMER_FIRED ->
                "  fired after    "
                    + since(byId, e.getTimerFiredEventAttributes().getStartedEventId(), e);
            case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> null;
            default -> e.getEventType().name().replace("EVENT_TYPE_", "").toLowerCase();
          };
      if (line != null) {
        out.append(String.format("%6d ms  %s%n", at, line));
      }
    }
    return out.toString();
  }

  private static String name(Map<Long, HistoryEvent> byId, long scheduledId) {
    HistoryEvent scheduled = byId.get(scheduledId);
    return scheduled == null
            || scheduled.getEventType() != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        ? "?"
        : scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName()
            + " #"
            + scheduledId;
  }

  private static String since(Map<Long, HistoryEvent> byId, long eventId, HistoryEvent to) {
    HistoryEvent from = byId.get(eventId);
    return from == null ? "?" : (millis(to.getEventTime()) - millis(from.getEventTime())) + " ms";
  }

  private static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  private static long millis(com.google.protobuf.Duration d) {
    return d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
  }
}
