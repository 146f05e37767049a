package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardDeploymentService.JumpInput;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ConnectionStatus;
import dev.ferry.forward.workflow.DestroyRequest;
import dev.ferry.forward.workflow.DestroyResult;
import dev.ferry.forward.workflow.ForwardConnectionWorkflow;
import dev.ferry.forward.workflow.ForwardDestroyWorkflow;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncProgress;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.sandbox.core.FaultRule;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ForwardSync and ForwardDestroy against the real dev server, PostgreSQL and the Forward sandbox.
 */
class ForwardSyncWorkflowTest {

  private static ForwardRig rig;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    rig = new ForwardRig(ForwardRig.properties(7, 3), true);
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  private static List<DeviceInput> linuxHosts(String password) {
    return List.of(
        new DeviceInput("h1", "linux", "10.1.0.1", 22, "root", password),
        new DeviceInput("h2", "linux", "10.1.0.2", 22, "root", password));
  }

  @Test
  void resyncIsIdempotentAndHistoryHoldsNoSecrets() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id =
        rig.saveDeployment(
            "ws1",
            "lab1",
            "netlab-c9s",
            profile,
            ForwardRig.devices(20, "pw-secret-1"),
            linuxHosts("pw-linux-1"),
            null);

    ForwardSyncWorkflow first = rig.syncStub("ws1", "lab1", "netlab-c9s");
    SyncResult result =
        first.sync(new SyncRequest(id.toString(), rig.userName, "ws1", "lab1", "netlab-c9s"));
    assertThat(result.devices()).isEqualTo(20);
    assertThat(result.endpoints()).isEqualTo(2);
    assertThat(rig.forward.deviceCount(result.networkId())).isEqualTo(20);
    assertThat(rig.forward.endpointCount(result.networkId())).isEqualTo(2);
    SyncProgress done = first.progress();
    assertThat(done.phase()).isEqualTo("done");
    assertThat(done.devicesDone()).isEqualTo(20);
    assertThat(done.devicesTotal()).isEqualTo(20);
    assertThat(done.collectionStatus()).isEqualTo("SUCCEEDED");
    assertThat(result.collectionStatus()).isEqualTo("SUCCEEDED");
    assertThat(result.snapshotId()).isNotNull();

    JsonNode devices =
        get("/api/networks/" + result.networkId() + "/classic-devices").get("devices");
    Map<String, JsonNode> byName = new HashMap<>();
    devices.forEach(d -> byName.put(d.get("name").asText(), d));
    assertThat(byName.get("dev0").path("type").asText()).isEqualTo("arista_eos_ssh");
    assertThat(byName.get("dev2").path("type").asText()).isEqualTo("juniper_junos_ssh");
    assertThat(
            byName.get("dev3").has("type")
                && !byName.get("dev3").get("type").isNull()
                && !byName.get("dev3").get("type").asText().isEmpty())
        .as("unknown kind sends no type")
        .isFalse();
    int networksBefore = rig.forward.networkCount();
    int collectorsBefore = rig.forward.collectorCount();
    int credentialsBefore = get("/api/networks/" + result.networkId() + "/cli-credentials").size();
    assertThat(credentialsBefore).isEqualTo(5); // eos, nxos, vmx, mystery-os, linux

    SyncResult again = rig.sync(id, "ws1", "lab1", "netlab-c9s");
    assertThat(again.networkId()).isEqualTo(result.networkId());
    assertThat(rig.forward.networkCount()).isEqualTo(networksBefore);
    assertThat(rig.forward.deviceCount(result.networkId())).isEqualTo(20);
    assertThat(rig.forward.endpointCount(result.networkId())).isEqualTo(2);
    assertThat(get("/api/networks/" + result.networkId() + "/cli-credentials").size())
        .isEqualTo(credentialsBefore);
    assertThat(rig.forward.collectorCount())
        .as("one collector per profile")
        .isEqualTo(collectorsBefore);
    assertThat(get("/api/networks/" + result.networkId() + "/collector").path("username").asText())
        .isNotEmpty();

    String history =
        rig.decodedHistory(WorkflowStub.fromTyped(first).getExecution().getWorkflowId());
    assertThat(history)
        .contains("lab1")
        .doesNotContain("pw-secret-1")
        .doesNotContain("pw-linux-1")
        .doesNotContain("demo-secret")
        .doesNotContain("10.0.0.1");
    String key =
        rig.secrets.open(rig.collectors.find(profile.id(), "user").orElseThrow().keySecretId());
    assertThat(history).doesNotContain(key.substring(key.indexOf(':') + 1));
  }

  /**
   * The API stores a submission and starts its sync in one transaction that commits after the
   * start; the run must plan from the committed devices, not from what it sees before.
   */
  @Test
  void aSyncStartedBeforeItsSubmissionCommitsWaitsForTheCommit() {
    ForwardProfile profile = rig.sandboxProfile();
    ForwardSyncWorkflow sync = rig.syncStub("ws-tx", "lab", "clabernetes");
    WorkflowStub stub = WorkflowStub.fromTyped(sync);
    int plansBefore = rig.activityRuns.of("Plan");
    new TransactionTemplate(new DataSourceTransactionManager(rig.dataSource))
        .executeWithoutResult(
            tx -> {
              UUID id =
                  rig.saveDeployment(
                      "ws-tx",
                      "lab",
                      "clabernetes",
                      profile,
                      ForwardRig.devices(9, "pw-tx"),
                      List.of(),
                      null);
              WorkflowClient.start(
                  sync::sync,
                  new SyncRequest(id.toString(), rig.userName, "ws-tx", "lab", "clabernetes"));
              awaitRetriedPlan(plansBefore);
            });

    SyncResult result = stub.getResult(SyncResult.class);
    assertThat(result.devices()).isEqualTo(9);
    assertThat(rig.forward.deviceCount(result.networkId())).isEqualTo(9);
  }

  /** Until the run's first step (a local activity) runs again: the first found nothing. */
  private static void awaitRetriedPlan(int plansBefore) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (rig.activityRuns.of("Plan") < plansBefore + 2) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the run's first step did not wait for the uncommitted deployment");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void devicesAndHostsDroppedFromTheInventoryAreRemovedOnResync() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id =
        rig.saveDeployment(
            "ws5", "lab5", "labpp", profile, ForwardRig.devices(10, "pw"), linuxHosts("pw"), null);
    SyncResult first = rig.sync(id, "ws5", "lab5", "labpp");
    assertThat(rig.forward.deviceCount(first.networkId())).isEqualTo(10);
    assertThat(rig.forward.endpointCount(first.networkId())).isEqualTo(2);

    rig.saveDeployment(
        "ws5",
        "lab5",
        "labpp",
        profile,
        ForwardRig.devices(6, "pw"),
        linuxHosts("pw").subList(0, 1),
        null);
    SyncResult second = rig.sync(id, "ws5", "lab5", "labpp");

    assertThat(second.networkId()).isEqualTo(first.networkId());
    Set<String> names = new HashSet<>();
    get("/api/networks/" + first.networkId() + "/classic-devices")
        .get("devices")
        .forEach(d -> names.add(d.get("name").asText()));
    assertThat(names).containsExactlyInAnyOrder("dev0", "dev1", "dev2", "dev3", "dev4", "dev5");
    Set<String> endpoints = new HashSet<>();
    get("/api/networks/" + first.networkId() + "/endpoints")
        .get("endpoints")
        .forEach(e -> endpoints.add(e.get("name").asText()));
    assertThat(endpoints).containsExactly("h1");
  }

  @Test
  void changedPasswordRotatesOnlyThatKindsCredential() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id =
        rig.saveDeployment(
            "ws2", "lab2", "clabernetes", profile, ForwardRig.devices(8, "old"), List.of(), null);
    SyncResult result = rig.sync(id, "ws2", "lab2", "clabernetes");
    Map<String, String> before = credentialIdsByKind(id);

    List<DeviceInput> changed = new ArrayList<>();
    for (DeviceInput d : ForwardRig.devices(8, "old")) {
      changed.add(
          d.kind().equals("eos")
              ? new DeviceInput(d.name(), d.kind(), d.host(), d.port(), d.username(), "new")
              : d);
    }
    rig.saveDeployment("ws2", "lab2", "clabernetes", profile, changed, List.of(), null);
    rig.sync(id, "ws2", "lab2", "clabernetes");
    Map<String, String> after = credentialIdsByKind(id);

    assertThat(after.get("eos")).isNotEqualTo(before.get("eos"));
    assertThat(after.get("nxos")).isEqualTo(before.get("nxos"));
    JsonNode credentials = get("/api/networks/" + result.networkId() + "/cli-credentials");
    Set<String> ids = new HashSet<>();
    credentials.forEach(c -> ids.add(c.get("id").asText()));
    assertThat(ids).contains(after.get("eos")).doesNotContain(before.get("eos")).hasSize(4);
    get("/api/networks/" + result.networkId() + "/classic-devices")
        .get("devices")
        .forEach(
            d -> {
              if (d.get("name").asText().equals("dev0")) {
                assertThat(d.get("cliCredentialId").asText()).isEqualTo(after.get("eos"));
              }
            });
  }

  @Test
  void byosThroughJumpServerAndDestroy() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id =
        rig.saveDeployment(
            "ws3",
            "lab3",
            "byos",
            profile,
            ForwardRig.devices(5, "pw"),
            linuxHosts("pl"),
            new JumpInput("jump.example.net", 22, "alice", "jump-password-9", false));
    // no collector is bound (BYOS A without one): a collection would never run, so do not wait
    SyncResult result =
        rig.syncStub("ws3", "lab3", "byos")
            .sync(new SyncRequest(id.toString(), rig.userName, "ws3", "lab3", "byos", true));
    JsonNode jumps = get("/api/networks/" + result.networkId() + "/jumpServers");
    assertThat(jumps.size()).isEqualTo(1);
    String jumpId = jumps.get(0).get("id").asText();
    get("/api/networks/" + result.networkId() + "/classic-devices")
        .get("devices")
        .forEach(d -> assertThat(d.get("jumpServerId").asText()).isEqualTo(jumpId));
    assertThat(get("/api/networks/" + result.networkId() + "/collector").has("username")).isFalse();

    DestroyResult removed = destroy(id, "ws3", "lab3", false);
    assertThat(removed.devicesRemoved()).isEqualTo(7);
    assertThat(rig.forward.deviceCount(result.networkId())).isZero();
    assertThat(rig.forward.endpointCount(result.networkId())).isZero();

    assertThat(destroy(id, "ws3", "lab3", true).networkDeleted()).isTrue();
    assertThat(rig.deployments.get(id).networkId()).isNull();
    assertThat(destroy(id, "ws3", "lab3", true).networkDeleted())
        .as("already gone counts as done")
        .isFalse();
  }

  @Test
  void serverErrorsRateLimitsAndDroppedConnectionsAreRetried() {
    ForwardProfile profile = rig.sandboxProfile();
    UUID id =
        rig.saveDeployment(
            "ws4", "lab4", "labpp", profile, ForwardRig.devices(10, "pw"), List.of(), null);
    rig.forward.faults().add(FaultRule.status(503, 2, ".*/classic-devices", 0));
    rig.forward.faults().add(FaultRule.status(429, 1, ".*/api/networks", 1));
    rig.forward.faults().add(FaultRule.reset(1, ".*/cli-credentials"));
    long started = System.nanoTime();
    SyncResult result = rig.sync(id, "ws4", "lab4", "labpp");
    assertThat(rig.forward.deviceCount(result.networkId())).isEqualTo(10);
    assertThat(rig.forward.faults().toJson().get("faults"))
        .as("every armed fault was hit")
        .isEmpty();
    assertThat((System.nanoTime() - started) / 1_000_000)
        .as("waited for Retry-After")
        .isGreaterThanOrEqualTo(1000);
  }

  @Test
  void badCredentialsFailFastWithForwardsMessage() {
    ForwardProfile profile = rig.profile(rig.forward.baseUrl(), "demo-key", "wrong");
    UUID id =
        rig.saveDeployment(
            "ws5", "lab5", "labpp", profile, ForwardRig.devices(2, "pw"), List.of(), null);
    long started = System.nanoTime();
    assertThatThrownBy(() -> rig.sync(id, "ws5", "lab5", "labpp"))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(
            e -> {
              ApplicationFailure failure =
                  (ApplicationFailure) ((ActivityFailure) e.getCause()).getCause();
              assertThat(failure.getType()).isEqualTo("ForwardAuthenticationFailed");
              assertThat(failure.getOriginalMessage())
                  .contains("401")
                  .contains("Invalid username or password");
            });
    assertThat((System.nanoTime() - started) / 1_000_000).as("no retries").isLessThan(5000);
  }

  @Test
  void connectionTestReportsTypedOutcomes() {
    ForwardConnectionWorkflow ok =
        rig.client.newWorkflowStub(
            ForwardConnectionWorkflow.class,
            io.temporal.client.WorkflowOptions.newBuilder().setTaskQueue(rig.taskQueue).build());
    ConnectionOutcome outcome = ok.test(rig.sandboxProfile().id().toString());
    assertThat(outcome.status()).isEqualTo(ConnectionStatus.OK);
    assertThat(outcome.forwardVersion()).isEqualTo("26.6.0");

    ForwardConnectionWorkflow bad =
        rig.client.newWorkflowStub(
            ForwardConnectionWorkflow.class,
            io.temporal.client.WorkflowOptions.newBuilder().setTaskQueue(rig.taskQueue).build());
    assertThat(
            bad.test(rig.profile(rig.forward.baseUrl(), "demo-key", "nope").id().toString())
                .status())
        .isEqualTo(ConnectionStatus.BAD_CREDENTIALS);

    ForwardProfile badCa =
        rig.profileService.create(
            rig.userId,
            new ForwardProfile.Settings(
                "bad-ca-" + UUID.randomUUID(),
                "https://127.0.0.1:1",
                "k",
                false,
                "not a certificate",
                null,
                false),
            "s");
    ForwardConnectionWorkflow tls =
        rig.client.newWorkflowStub(
            ForwardConnectionWorkflow.class,
            io.temporal.client.WorkflowOptions.newBuilder().setTaskQueue(rig.taskQueue).build());
    assertThat(tls.test(badCa.id().toString()).status()).isEqualTo(ConnectionStatus.TLS_FAILURE);
  }

  private DestroyResult destroy(UUID id, String ws, String dep, boolean deleteNetwork) {
    return rig.client
        .newWorkflowStub(
            ForwardDestroyWorkflow.class,
            io.temporal.client.WorkflowOptions.newBuilder()
                .setTaskQueue(rig.taskQueue)
                .setWorkflowId(DestroyRequest.workflowId(ws, dep) + "-" + UUID.randomUUID())
                .build())
        .destroy(new DestroyRequest(id.toString(), rig.userName, ws, dep, "byos", deleteNetwork));
  }

  private static Map<String, String> credentialIdsByKind(UUID id) {
    Map<String, String> ids = new HashMap<>();
    rig.deployments.credentials(id).forEach(c -> ids.put(c.kind(), c.forwardId()));
    return ids;
  }

  static JsonNode get(String path) {
    Request request =
        new Request.Builder()
            .url(rig.forward.baseUrl() + path)
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("demo-key:demo-secret".getBytes()))
            .build();
    try (Response response = new OkHttpClient().newCall(request).execute()) {
      return JSON.readTree(response.body().string());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
