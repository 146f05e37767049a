package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.MissingDevice;
import dev.ferry.forward.workflow.SyncProgress;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.testing.Http;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sync follows its collection to the end (issue #10, item 4), against the real dev server,
 * PostgreSQL and the Forward sandbox, whose collector tasks go QUEUED → RUNNING → their outcome.
 */
class ForwardCollectionScenarioTest {

  private static ForwardRig rig;

  @BeforeAll
  static void start() {
    rig = new ForwardRig(ForwardRig.properties(5, 2), true);
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @AfterEach
  void defaults() {
    rig.forward
        .collectionOutcome("SUCCEEDED")
        .collectionTiming(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50))
        .neighbours();
  }

  private UUID deployment(String workspace, ForwardProfile profile, int devices) {
    return rig.saveDeployment(
        workspace,
        "lab",
        "clabernetes",
        profile,
        ForwardRig.devices(devices, "pw"),
        List.of(),
        null);
  }

  @Test
  void aCollectionThatEndsFailedFailsTheSyncWithForwardsReason() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = deployment("failed", profile, 6);
    SyncResult first = rig.sync(id, "failed", "lab", "clabernetes");
    rig.forward.collectionOutcome("FAILED");

    assertThatThrownBy(() -> rig.sync(id, "failed", "lab", "clabernetes"))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(
            e -> {
              ApplicationFailure failure = (ApplicationFailure) e.getCause();
              assertThat(failure.getType()).isEqualTo("ForwardCollectionFailed");
              assertThat(failure.getOriginalMessage())
                  .matches("Forward collection task P\\d+ ended FAILED at .*");
            });
    // the devices are in Forward; the failed task is recorded, and no snapshot is claimed for it
    assertThat(rig.forward.deviceCount(first.networkId())).isEqualTo(6);
    var stored = rig.deployments.get(id);
    assertThat(stored.lastTaskId()).isNotEqualTo(first.collectionTaskId());
    assertThat(task(stored.lastTaskId()).path("status").asText()).isEqualTo("FAILED");
    assertThat(stored.lastSnapshotId()).isNull();
  }

  @Test
  void aTimedOutCollectionFailsTheSync() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = deployment("timedout", profile, 3);
    rig.forward.collectionOutcome("TIMED_OUT");
    assertThatThrownBy(() -> rig.sync(id, "timedout", "lab", "clabernetes"))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e.getCause()).getOriginalMessage())
                    .contains("ended TIMED_OUT"));
  }

  @Test
  void theSnapshotRecordedIsTheOneThisCollectionMadeWithItsMissingDevices() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = deployment("snap", profile, 4);
    SyncResult first = rig.sync(id, "snap", "lab", "clabernetes");
    assertThat(first.collectionStatus()).isEqualTo("SUCCEEDED");
    assertThat(first.missingDevices()).isEmpty();

    // processing is slow now: the previous collection's snapshot is the latest processed one
    // while this collection's is still processing, which is what the old finish step recorded
    rig.forward
        .collectionTiming(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(1500))
        .neighbours("core-9", "DEV0", "edge-1");
    ForwardSyncWorkflow second = rig.syncStub("snap", "lab", "clabernetes");
    SyncResult result =
        second.sync(new SyncRequest(id.toString(), rig.userName, "snap", "lab", "clabernetes"));

    assertThat(result.snapshotId()).isNotEqualTo(first.snapshotId());
    JsonNode snapshots = get("/api/networks/" + result.networkId() + "/snapshots");
    assertThat(snapshots.get("snapshots").get(0).get("id").asText())
        .as("newest snapshot")
        .isEqualTo(result.snapshotId());
    assertThat(result.collectionTaskId()).isEqualTo(rig.deployments.get(id).lastTaskId());
    assertThat(rig.deployments.get(id).lastSnapshotId()).isEqualTo(result.snapshotId());
    // dev0 is modeled (names ignore case), so only the other two are missing
    assertThat(result.missingDevices())
        .extracting(MissingDevice::name)
        .containsExactly("core-9", "edge-1");
    assertThat(result.missingDevices().get(0).neighbors()).containsExactly("dev0", "dev1");
    SyncProgress progress = second.progress();
    assertThat(progress.collectionStatus()).isEqualTo("SUCCEEDED");
    assertThat(progress.missingDevices()).isEqualTo(result.missingDevices());
  }

  @Test
  void progressShowsTheCollectionWhileItRunsAndACancelEndsTheSync() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = deployment("cancel", profile, 3);
    rig.forward.collectionTiming(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ZERO);
    ForwardSyncWorkflow sync = rig.syncStub("cancel", "lab", "clabernetes");
    WorkflowClient.start(
        sync::sync, new SyncRequest(id.toString(), rig.userName, "cancel", "lab", "clabernetes"));

    SyncProgress running = awaitProgress(sync, p -> "RUNNING".equals(p.collectionStatus()));
    assertThat(running.phase()).isEqualTo("collection RUNNING");
    String taskId = rig.deployments.get(id).lastTaskId();
    new Http(rig.forward.baseUrl(), "demo-key", "demo-secret")
        .post("/api/collector-tasks/" + taskId + "?action=CANCEL", null);

    assertThatThrownBy(() -> WorkflowStub.fromTyped(sync).getResult(SyncResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e.getCause()).getOriginalMessage())
                    .contains("task " + taskId + " ended CANCELED")
                    .contains("canceled by demo-key"));
  }

  @Test
  void aCollectionWithNoCollectorBoundFailsInsteadOfWaitingForEver() {
    ForwardProfile profile = rig.sandboxProfile();
    // BYOS behind the user's jump server, naming no collector: nothing is bound to the network
    UUID id =
        rig.saveDeployment(
            "unbound",
            "own",
            "byos",
            profile,
            ForwardRig.devices(2, "pw"),
            List.of(),
            new ForwardDeploymentService.JumpInput("jump.example.net", 22, "alice", "pw-9", false));
    long started = System.nanoTime();
    assertThatThrownBy(() -> rig.sync(id, "unbound", "own", "byos"))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e.getCause()).getOriginalMessage())
                    .contains("cannot run: no collector is bound to network"));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("well before the collection timeout")
        .isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void noWaitCollectionEndsOnceTheCollectionIsStarted() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id = deployment("nowait", profile, 2);
    rig.forward.collectionTiming(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ZERO);
    SyncResult result =
        rig.syncStub("nowait", "lab", "clabernetes")
            .sync(
                new SyncRequest(id.toString(), rig.userName, "nowait", "lab", "clabernetes", true));
    assertThat(result.collectionStatus()).isNull();
    assertThat(result.snapshotId()).as("no collection has finished yet").isNull();
    assertThat(task(result.collectionTaskId()).path("status").asText()).isIn("QUEUED", "RUNNING");
  }

  private static SyncProgress awaitProgress(ForwardSyncWorkflow sync, Predicate<SyncProgress> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        SyncProgress progress = sync.progress();
        if (done.test(progress)) {
          return progress;
        }
      } catch (RuntimeException e) {
        // not picked up by the worker yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the sync never reached the awaited progress");
  }

  private static JsonNode task(String taskId) {
    return get("/api/collector-tasks/" + taskId);
  }

  private static JsonNode get(String path) {
    try {
      return new Http(rig.forward.baseUrl(), "demo-key", "demo-secret").get(path).json();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
