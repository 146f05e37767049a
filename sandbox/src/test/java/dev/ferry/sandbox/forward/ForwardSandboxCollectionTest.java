package dev.ferry.sandbox.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Http;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collection lifecycle (getCollectorTask, the SDKs' CANCEL action, getMissingDevices) and the
 * account permissions of the Forward sandbox.
 */
class ForwardSandboxCollectionTest {
  private ForwardSandbox fwd;
  private Http api;

  @BeforeEach
  void start() {
    fwd =
        new ForwardSandbox()
            .user("key", "secret")
            .user("viewer", "pw")
            .withoutPermissions("viewer", "MANAGE_COLLECTORS", "MANAGE_NETWORKS")
            .collectionTiming(
                Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(300))
            .start(0);
    api = new Http(fwd.baseUrl(), "key", "secret");
  }

  @AfterEach
  void stop() {
    fwd.stop();
  }

  /** A network with one device and a connected collector bound to it. */
  private String boundNetwork() throws Exception {
    String id = api.post("/api/networks?name=n1", null).json().get("id").asText();
    String collector =
        api.post("/api/collectors", "{\"collectorName\":\"c1\"}").json().get("username").asText();
    api.send("PUT", "/api/networks/" + id + "/collector", "{\"username\":\"" + collector + "\"}");
    Http.Resp put =
        api.post(
            "/api/networks/" + id + "/classic-devices?action=putBatch",
            "[{\"name\":\"spine1\",\"host\":\"10.0.0.1\"},{\"name\":\"leaf1\",\"host\":\"10.0.0.2\"}]");
    assertThat(put.status()).isEqualTo(204);
    return id;
  }

  private String startTask(String network) throws Exception {
    return api.post("/api/collector-tasks?networkId=" + network + "&type=NETWORK_COLLECTION", null)
        .json()
        .get("taskId")
        .asText();
  }

  private JsonNode awaitTask(String taskId, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode task = api.get("/api/collector-tasks/" + taskId).json();
      if (task.get("status").asText().equals(status)) {
        return task;
      }
      Thread.sleep(30);
    }
    throw new AssertionError("task " + taskId + " never became " + status);
  }

  @Test
  void aTaskGoesQueuedRunningSucceededAndItsSnapshotListsMissingNeighbours() throws Exception {
    fwd.neighbours("core1", "SPINE1");
    String network = boundNetwork();
    String taskId = startTask(network);
    assertThat(api.get("/api/collector-tasks/" + taskId).json().get("status").asText())
        .isEqualTo("QUEUED");
    assertThat(awaitTask(taskId, "RUNNING").has("startedAt")).isTrue();
    JsonNode done = awaitTask(taskId, "SUCCEEDED");
    assertThat(done.has("finishedAt")).isTrue();

    JsonNode snapshot =
        api.get("/api/networks/" + network + "/snapshots").json().get("snapshots").get(0);
    String snapshotId = snapshot.get("id").asText();
    if (snapshot.get("state").asText().equals("PROCESSING")) {
      Http.Resp early =
          api.get("/api/networks/" + network + "/missing-devices?snapshotId=" + snapshotId);
      assertThat(early.status()).isEqualTo(409);
      assertThat(early.json().get("reason").asText()).isEqualTo("SNAPSHOT_UNAVAILABLE");
    }
    Thread.sleep(400);
    JsonNode missing =
        api.get("/api/networks/" + network + "/missing-devices?snapshotId=" + snapshotId)
            .json()
            .get("devices");
    // spine1 is modeled (names ignore case): only core1 is missing, seen by both devices
    assertThat(missing.size()).isEqualTo(1);
    assertThat(missing.get(0).get("name").asText()).isEqualTo("core1");
    assertThat(missing.get(0).get("neighbors").toString()).isEqualTo("[\"leaf1\",\"spine1\"]");
    assertThat(api.get("/api/networks/" + network + "/missing-devices").json().get("devices"))
        .as("latest processed snapshot by default")
        .isEqualTo(missing);
    assertThat(api.get("/api/networks/" + network + "/missing-devices?snapshotId=999").status())
        .isEqualTo(404);
  }

  @Test
  void aCanceledTaskSaysWhoCanceledItAndCannotBeCanceledTwice() throws Exception {
    String network = boundNetwork();
    String taskId = startTask(network);
    Http.Resp canceled = api.post("/api/collector-tasks/" + taskId + "?action=CANCEL", null);
    assertThat(canceled.status()).isEqualTo(200);
    JsonNode task = api.get("/api/collector-tasks/" + taskId).json();
    assertThat(task.get("status").asText()).isEqualTo("CANCELED");
    assertThat(task.get("canceledBy").asText()).isEqualTo("key");
    assertThat(api.post("/api/collector-tasks/" + taskId + "?action=CANCEL", null).status())
        .isEqualTo(409);
    assertThat(api.post("/api/collector-tasks/" + taskId + "?action=FOO", null).status())
        .isEqualTo(400);
    Thread.sleep(500);
    assertThat(api.get("/api/networks/" + network + "/snapshots").json().get("snapshots"))
        .as("a canceled collection makes no snapshot")
        .isEmpty();
  }

  @Test
  void anAccountWithoutPermissionsGets403NamingTheMissingOne() throws Exception {
    Http viewer = api.as("viewer", "pw");
    Http.Resp collectors = viewer.get("/api/collectors");
    assertThat(collectors.status()).isEqualTo(403);
    assertThat(collectors.json().get("message").asText())
        .isEqualTo("Missing permission: OrgOperation.MANAGE_COLLECTORS");
    Http.Resp create = viewer.post("/api/networks?name=x", null);
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.json().get("message").asText())
        .isEqualTo("Missing permission: OrgOperation.MANAGE_NETWORKS");
    assertThat(fwd.networkCount()).isZero();
    String network = api.post("/api/networks?name=mine", null).json().get("id").asText();
    assertThat(viewer.send("DELETE", "/api/networks/" + network, null).status()).isEqualTo(403);
    assertThat(viewer.get("/api/networks").status()).as("listing stays allowed").isEqualTo(200);
    assertThat(fwd.networkCount()).isEqualTo(1);
  }
}
