package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.forward.workflow.ForwardSyncWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs of ForwardSync recorded by earlier builds replay through today's {@link
 * ForwardSyncWorkflowImpl} without a nondeterminism error: what a worker of this build does when it
 * picks up a run another build started. Each file is named after the build that recorded it ({@code
 * 0ed2c4e}: before the steps went side by side, {@code sync-side-by-side}; {@code 4b15eb4}: before
 * the pooled device upload and the collection followed in fewer activities, {@code
 * sync-fewer-round-trips}) and its shape: a completed sync, and one still following its collection
 * (an open run, replayed as far as it went). Re-record with {@link ForwardSyncHistoryRecorder}; a
 * versioned change to the workflow keeps the histories of the build before it.
 *
 * <p>The files hold the payloads as the default data converter wrote them (the recorder removes the
 * encryption codec's layer, whose key was the rig's throwaway one), so they are replayed with the
 * default converter, which {@link WorkflowReplayer} uses.
 */
class ForwardSyncReplayTest {

  @ParameterizedTest
  @CsvSource({
    "forward-sync-0ed2c4e-completed.json, false, false, true",
    "forward-sync-0ed2c4e-collecting.json, false, false, false",
    "forward-sync-4b15eb4-completed.json, true, false, true",
    "forward-sync-4b15eb4-collecting.json, true, false, false",
    "forward-sync-9081de3-completed.json, true, true, true",
    "forward-sync-9081de3-collecting.json, true, true, false",
  })
  void aRecordedSyncReplaysThroughTodaysWorkflow(
      String file, boolean sideBySide, boolean fewerTrips, boolean completed) throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(resource(file));
    // the file is the shape its name says, so the replay covers every branch and an open run
    assertThat(hasVersionMarker(history, "sync-side-by-side")).isEqualTo(sideBySide);
    assertThat(hasVersionMarker(history, "sync-fewer-round-trips")).isEqualTo(fewerTrips);
    assertThat(has(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED))
        .isEqualTo(completed);
    assertThat(history.getEvents())
        .anyMatch(
            e ->
                e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                    && scheduledType(history, e).matches("PollCollection|FollowCollection"));

    WorkflowReplayer.replayWorkflowExecution(history, ForwardSyncWorkflowImpl.class);
  }

  private static boolean has(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().anyMatch(e -> e.getEventType() == type);
  }

  private static boolean hasVersionMarker(WorkflowExecutionHistory history, String changeId) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .anyMatch(e -> e.getMarkerRecordedEventAttributes().toString().contains(changeId));
  }

  private static String scheduledType(WorkflowExecutionHistory history, HistoryEvent completed) {
    long scheduledId = completed.getActivityTaskCompletedEventAttributes().getScheduledEventId();
    return history.getEvents().stream()
        .filter(e -> e.getEventId() == scheduledId)
        .findFirst()
        .orElseThrow()
        .getActivityTaskScheduledEventAttributes()
        .getActivityType()
        .getName();
  }

  private static String resource(String file) throws IOException {
    try (InputStream in = ForwardSyncReplayTest.class.getResourceAsStream("/replay/" + file)) {
      assertThat(in).as(file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
