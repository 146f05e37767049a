package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.platform.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the ForwardSync histories {@link ForwardSyncReplayTest} replays: a completed sync and a
 * run still following its collection, of a 3-device deployment, against the real dev server,
 * PostgreSQL and the Forward sandbox. Skipped unless asked for; to record the build checked out
 * (copy this class into a worktree of an older build to record that one):
 *
 * <pre>
 * /work/tools/mvn -o -pl activities -am verify -Dtest=ForwardSyncHistoryRecorder \
 *   -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dferry.replay.record=$PWD/activities/src/test/resources/replay -Dferry.replay.build=$(git rev-parse --short HEAD)
 * </pre>
 *
 * The payloads are written decrypted (the rig's key is random and thrown away), so the files read
 * as what the workflow saw: ids, names and counts, never a secret (checked below).
 */
@EnabledIfSystemProperty(named = "ferry.replay.record", matches = ".+")
class ForwardSyncHistoryRecorder {

  private static final String PASSWORD = "pw-replay-recording";
  private static ForwardRig rig;

  @BeforeAll
  static void start() {
    // batches of 2: the 3 devices go out as two batches side by side
    rig = new ForwardRig(ForwardRig.properties(2, 2), true);
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void recordACompletedSync() throws Exception {
    UUID id = deployment("replay-done");
    ForwardSyncWorkflow sync = rig.syncStub("replay-done", "lab", "clabernetes");
    sync.sync(new SyncRequest(id.toString(), rig.userName, "replay-done", "lab", "clabernetes"));
    History history = fetch(sync);
    assertThat(count(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).isEqualTo(1);
    assertThat(polls(history)).as("the collection was polled").isPositive();
    write("completed", history);
  }

  @Test
  void recordASyncFollowingItsCollection() throws Exception {
    UUID id = deployment("replay-open");
    rig.forward.collectionTiming(Duration.ofMillis(50), Duration.ofSeconds(60), Duration.ZERO);
    try {
      recordOpen(id);
    } finally {
      rig.forward.collectionTiming(
          Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50));
    }
  }

  private static void recordOpen(UUID id) throws Exception {
    ForwardSyncWorkflow sync = rig.syncStub("replay-open", "lab", "clabernetes");
    WorkflowClient.start(
        sync::sync,
        new SyncRequest(id.toString(), rig.userName, "replay-open", "lab", "clabernetes"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    History history = fetch(sync);
    while (polls(history) < 2) {
      assertThat(System.nanoTime()).as("two polls within a minute").isLessThan(deadline);
      Thread.sleep(100);
      history = fetch(sync);
    }
    WorkflowStub.fromTyped(sync).terminate("recorded");
    assertThat(count(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).isZero();
    write("collecting", history);
  }

  private static UUID deployment(String workspace) {
    List<DeviceInput> hosts =
        List.of(new DeviceInput("h1", "linux", "10.1.0.1", 22, "root", PASSWORD));
    return rig.saveDeployment(
        workspace,
        "lab",
        "clabernetes",
        rig.sandboxProfile(),
        ForwardRig.devices(3, PASSWORD),
        hosts,
        null);
  }

  private static History fetch(ForwardSyncWorkflow sync) {
    String workflowId = WorkflowStub.fromTyped(sync).getExecution().getWorkflowId();
    return decrypted(rig.client.fetchHistory(workflowId).getHistory());
  }

  private static long polls(History history) {
    return history.getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .matches("PollCollection|FollowCollection"))
        .count();
  }

  private static long count(History history, EventType type) {
    return history.getEventsList().stream().filter(e -> e.getEventType() == type).count();
  }

  private static void write(String shape, History history) throws Exception {
    // the text form shows the payloads' bytes as text (the JSON form has them in base64)
    assertThat(history.toString())
        .containsPattern("PollCollection|FollowCollection")
        .contains("replay-")
        .doesNotContain(PASSWORD)
        .doesNotContain("demo-secret")
        .doesNotContain("10.0.0.1")
        .doesNotContain("10.1.0.1");
    Path dir = Path.of(System.getProperty("ferry.replay.record"));
    String build = System.getProperty("ferry.replay.build", "current");
    Files.createDirectories(dir);
    String json = new WorkflowExecutionHistory(history).toJson(true);
    Files.writeString(dir.resolve("forward-sync-" + build + "-" + shape + ".json"), json + "\n");
  }

  /**
   * The history with every payload as the default converter wrote it, before the codec sealed it.
   */
  private static History decrypted(History history) {
    return (History) decrypted(history, new EncryptionCodec(rig.keyring));
  }

  private static Message decrypted(Message message, EncryptionCodec codec) {
    if (message instanceof Payload payload) {
      return codec.decode(List.of(payload)).get(0);
    }
    Message.Builder builder = message.toBuilder();
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                return;
              }
              if (field.isRepeated()) {
                builder.clearField(field);
                ((List<?>) value)
                    .forEach(v -> builder.addRepeatedField(field, decrypted((Message) v, codec)));
              } else {
                builder.setField(field, decrypted((Message) value, codec));
              }
            });
    return builder.build();
  }
}
