package dev.ferry.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardCollectorRepository;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.forward.store.ForwardProfileService;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncProgress;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.platform.codec.FerryDataConverter;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.forward.ForwardSandbox;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A worker process killed with SIGKILL in the middle of a sync, then started again, finishes the
 * sync with exactly the expected devices in Forward: one network, no duplicate credentials or
 * collectors; killed while the sync waits for the collection, it records that collection's
 * snapshot.
 */
class ForwardWorkerKillTest {

  // the worker processes poll the "ferry" queue: in the suite's namespace, only this suite's tasks
  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  private static final int DEVICES = 1500;
  private final List<Process> workers = new ArrayList<>();

  @AfterEach
  void killWorkers() {
    workers.forEach(Process::destroyForcibly);
  }

  @Test
  void sigkilledWorkerResumesAndFinishesWithTheExpectedDevices() throws Exception {
    try (ForwardSandbox forward =
        new ForwardSandbox()
            .user("demo-key", "demo-secret")
            // 60 batches, 2 in flight, take ~3 s, so the sync reports devices done (about every
            // second) while batches are still to go, and the kill lands in the middle
            .latency(Duration.ofMillis(100))
            .collectionTiming(
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50))) {
      forward.start(0);
      Store store = Store.create("bob", forward);
      String key = store.key();
      SecretKeyring keyring = store.keyring();
      String jdbcUrl = store.jdbcUrl();
      List<DeviceInput> devices = new ArrayList<>();
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < DEVICES; i++) {
        String kind = i % 2 == 0 ? "eos" : "nxos";
        devices.add(
            new DeviceInput(
                "sw" + i,
                kind,
                "10.9." + (i / 200) + "." + (i % 200 + 1),
                22,
                "admin",
                "device-pw-" + kind));
        expected.add("sw" + i);
      }
      UUID deploymentId = store.save("killme", devices);

      String target = TEMPORAL.target();
      String namespace = TEMPORAL.name();
      WorkflowClient client = client(keyring);
      String workflowId = SyncRequest.workflowId("ws", "killme") + "/" + UUID.randomUUID();
      ForwardSyncWorkflow sync =
          client.newWorkflowStub(
              ForwardSyncWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(FerryTaskQueues.MAIN)
                  .setWorkflowId(workflowId)
                  .build());
      WorkflowClient.start(
          sync::sync,
          new SyncRequest(deploymentId.toString(), "bob", "ws", "killme", "clabernetes"));

      Process first = startWorker(jdbcUrl, target, namespace, key);
      SyncProgress atKill = awaitProgress(client, workflowId, first, Duration.ofMinutes(2));
      first.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, in-flight activities are lost
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(atKill.devicesDone()).isGreaterThan(0).isLessThan(DEVICES);

      startWorker(jdbcUrl, target, namespace, key);
      SyncResult result =
          WorkflowStub.fromTyped(sync).getResult(3, TimeUnit.MINUTES, SyncResult.class);

      assertThat(result.devices()).isEqualTo(DEVICES);
      assertThat(forward.networkCount()).isEqualTo(1);
      assertThat(forward.collectorCount()).isEqualTo(1);
      assertThat(deviceNames(forward, result.networkId())).isEqualTo(expected);
      JsonNode credentials =
          get(forward, "/api/networks/" + result.networkId() + "/cli-credentials");
      assertThat(credentials.size()).isEqualTo(2);
    }
  }

  /**
   * A worker killed while the sync waits for Forward's collection: the next worker resumes the wait
   * from the history (no second collection is started) and records the snapshot of this collection,
   * not the previous one.
   */
  @Test
  void sigkilledWorkerWhileCollectionIsPolledRecordsThatCollectionsSnapshot() throws Exception {
    try (ForwardSandbox forward =
        new ForwardSandbox()
            .user("demo-key", "demo-secret")
            .collectionTiming(
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50))) {
      forward.start(0);
      Store store = Store.create("carol", forward);
      String key = store.key();
      String jdbcUrl = store.jdbcUrl();
      ForwardDeploymentRepository deployments = store.deployments();
      List<DeviceInput> devices = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        devices.add(new DeviceInput("r" + i, "eos", "10.8.0." + (i + 1), 22, "admin", "pw"));
      }
      UUID deploymentId = store.save("poll", devices);
      WorkflowClient client = client(store.keyring());
      SyncRequest request =
          new SyncRequest(deploymentId.toString(), "carol", "ws", "poll", "clabernetes");
      Process first = startWorker(jdbcUrl, TEMPORAL.target(), TEMPORAL.name(), key);
      SyncResult before = syncStub(client, "before").sync(request);
      assertThat(before.snapshotId()).isNotNull();

      // this collection runs long enough to kill the worker while the sync polls it
      forward.collectionTiming(Duration.ofMillis(50), Duration.ofSeconds(6), Duration.ofMillis(50));
      ForwardSyncWorkflow sync = syncStub(client, "killed");
      WorkflowClient.start(sync::sync, request);
      awaitCollectionRunning(sync, first, Duration.ofMinutes(2));
      String taskAtKill = deployments.get(deploymentId).lastTaskId();
      first.destroyForcibly();
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();

      startWorker(jdbcUrl, TEMPORAL.target(), TEMPORAL.name(), key);
      SyncResult result =
          WorkflowStub.fromTyped(sync).getResult(3, TimeUnit.MINUTES, SyncResult.class);

      assertThat(result.collectionTaskId()).isEqualTo(taskAtKill);
      assertThat(result.collectionStatus()).isEqualTo("SUCCEEDED");
      assertThat(result.snapshotId()).isNotEqualTo(before.snapshotId());
      JsonNode snapshots = get(forward, "/api/networks/" + result.networkId() + "/snapshots");
      assertThat(snapshots.get("snapshots").size()).as("one snapshot per collection").isEqualTo(2);
      assertThat(snapshots.get("snapshots").get(0).get("id").asText())
          .isEqualTo(result.snapshotId());
      assertThat(deployments.get(deploymentId).lastSnapshotId()).isEqualTo(result.snapshotId());
      long starts =
          client
              .fetchHistory(WorkflowStub.fromTyped(sync).getExecution().getWorkflowId())
              .getEvents()
              .stream()
              .filter(e -> e.hasActivityTaskScheduledEventAttributes())
              .filter(
                  e ->
                      e.getActivityTaskScheduledEventAttributes()
                          .getActivityType()
                          .getName()
                          .equals("StartCollection"))
              .count();
      assertThat(starts).as("the collection was started once").isEqualTo(1);
    }
  }

  /** A fresh database with one user and that user's Forward profile for the sandbox. */
  private record Store(
      String key,
      SecretKeyring keyring,
      String jdbcUrl,
      ForwardDeploymentRepository deployments,
      ForwardDeploymentService submissions,
      UUID userId,
      ForwardProfile profile) {

    static Store create(String user, ForwardSandbox forward) {
      String key = TestKeys.newKey("k1");
      SecretKeyring keyring = SecretKeyring.parse(key);
      String jdbcUrl = TestDatabase.newDatabaseUrl();
      DriverManagerDataSource dataSource =
          new DriverManagerDataSource(jdbcUrl, "postgres", "postgres");
      Flyway.configure().dataSource(dataSource).load().migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      SecretStore secrets = new SecretStore(jdbc, new SecretCipher(keyring));
      UUID userId = UUID.randomUUID();
      jdbc.sql("INSERT INTO users (id, name, role) VALUES (?, ?, 'user')")
          .params(userId, user)
          .update();
      ForwardDeploymentRepository deployments =
          new ForwardDeploymentRepository(jdbc, new JdbcTemplate(dataSource));
      ForwardProfile profile =
          new ForwardProfileService(
                  new ForwardProfileRepository(jdbc), new ForwardCollectorRepository(jdbc), secrets)
              .create(
                  userId,
                  new ForwardProfile.Settings(
                      "p", forward.baseUrl(), "demo-key", false, null, null, true),
                  "demo-secret");
      return new Store(
          key,
          keyring,
          jdbcUrl,
          deployments,
          new ForwardDeploymentService(deployments, secrets),
          userId,
          profile);
    }

    UUID save(String deployment, List<DeviceInput> devices) {
      return submissions.save(
          new ForwardDeploymentService.Submission(
              userId, "ws", deployment, "clabernetes", profile.id(), devices, List.of(), null));
    }
  }

  private WorkflowClient client(SecretKeyring keyring) {
    return WorkflowClient.newInstance(
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(TEMPORAL.target()).build()),
        WorkflowClientOptions.newBuilder()
            .setNamespace(TEMPORAL.name())
            .setDataConverter(FerryDataConverter.encrypted(keyring))
            .build());
  }

  private static ForwardSyncWorkflow syncStub(WorkflowClient client, String name) {
    return client.newWorkflowStub(
        ForwardSyncWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(FerryTaskQueues.MAIN)
            .setWorkflowId(SyncRequest.workflowId("ws", name) + "/" + UUID.randomUUID())
            .build());
  }

  private static void awaitCollectionRunning(
      ForwardSyncWorkflow sync, Process worker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(worker.isAlive()).as("worker process alive").isTrue();
      try {
        if ("RUNNING".equals(sync.progress().collectionStatus())) {
          return;
        }
      } catch (RuntimeException e) {
        // not picked up yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the sync never polled a running collection in " + timeout);
  }

  /** Waits until some, but not all, device batches are in Forward. */
  private static SyncProgress awaitProgress(
      WorkflowClient client, String workflowId, Process worker, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(worker.isAlive())
          .as("worker process alive (see /tmp/ferry-worker-*.log)")
          .isTrue();
      try {
        SyncProgress progress =
            client.newWorkflowStub(ForwardSyncWorkflow.class, workflowId).progress();
        if (progress.devicesDone() >= DEVICES / 10) {
          return progress;
        }
      } catch (RuntimeException e) {
        // no worker has picked up the workflow yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the sync made no progress in " + timeout);
  }

  private Process startWorker(String jdbcUrl, String target, String namespace, String key)
      throws Exception {
    Path log = Files.createTempFile("ferry-worker-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                javaBinary(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                FerryWorkerApplication.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("FERRY_JDBC_URL", jdbcUrl);
    builder.environment().put("TEMPORAL_TARGET", target);
    builder.environment().put("TEMPORAL_NAMESPACE", namespace);
    builder.environment().put("FERRY_SECRET_KEYS", key);
    builder.environment().put("FERRY_WORKER_PORT", "0");
    builder.environment().put("FERRY_LOG_FORMAT", "");
    builder.environment().put("FERRY_FORWARD_BATCH_SIZE", "25");
    builder.environment().put("FERRY_FORWARD_PARALLEL_BATCHES", "2");
    builder.environment().put("FERRY_FORWARD_COLLECTION_POLL_INTERVAL", "200ms");
    Process process = builder.start();
    workers.add(process);
    return process;
  }

  private static String javaBinary() {
    return Path.of(
            System.getProperty("java.home"),
            "bin",
            "java" + (File.separatorChar == '\\' ? ".exe" : ""))
        .toString();
  }

  private static Set<String> deviceNames(ForwardSandbox forward, String networkId) {
    Set<String> names = new HashSet<>();
    get(forward, "/api/networks/" + networkId + "/classic-devices")
        .get("devices")
        .forEach(d -> names.add(d.get("name").asText()));
    return names;
  }

  private static JsonNode get(ForwardSandbox forward, String path) {
    try {
      return new Http(forward.baseUrl(), "demo-key", "demo-secret").get(path).json();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
