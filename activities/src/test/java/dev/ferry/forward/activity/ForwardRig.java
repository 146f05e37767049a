package dev.ferry.forward.activity;

import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.forward.store.ForwardBastionRepository;
import dev.ferry.forward.store.ForwardBastionService;
import dev.ferry.forward.store.ForwardCollectorRepository;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.forward.store.ForwardProfileService;
import dev.ferry.forward.workflow.ForwardCollectorWorkflowImpl;
import dev.ferry.forward.workflow.ForwardConnectionWorkflowImpl;
import dev.ferry.forward.workflow.ForwardDestroyWorkflowImpl;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.ForwardSyncWorkflowImpl;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.platform.codec.EncryptionCodec;
import dev.ferry.platform.codec.FerryDataConverter;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.forward.ForwardSandbox;
import dev.ferry.sandbox.kubernetes.KubernetesSandbox;
import dev.ferry.testing.Http;
import dev.ferry.testing.TemporalDevServer;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Everything a Forward flow needs, for tests and the benchmark: a fresh PostgreSQL database, the
 * real Temporal dev server, the Forward sandbox on a free port, and a worker on its own task queue
 * running the real activities with the production worker's options.
 */
final class ForwardRig implements AutoCloseable {

  final String keyEntry = TestKeys.newKey("k1");
  final SecretKeyring keyring = SecretKeyring.parse(keyEntry);
  final HikariDataSource dataSource;
  final JdbcClient jdbc;
  final SecretStore secrets;
  final ForwardProfileRepository profiles;
  final ForwardDeploymentRepository deployments;
  final ForwardCollectorRepository collectors;
  final ForwardProfileService profileService;
  final ForwardDeploymentService deploymentService;
  final ForwardBastionRepository bastions;
  final ForwardBastionService bastionService;

  /** The bastion settings the worker starts with (Forward reaches node ports at 127.0.0.1). */
  BastionProperties bastionProperties = BastionProperties.defaults("127.0.0.1");

  final ForwardSandbox forward;
  final WorkflowClient client;
  final String taskQueue = FerryTaskQueues.MAIN + "-" + UUID.randomUUID();
  private final WorkerFactory factory;

  /** The worker's activity executions by type, retries and local activities included. */
  final ActivityRuns activityRuns = new ActivityRuns();

  final UUID userId = UUID.randomUUID();
  final String userName = "alice";

  ForwardRig(ForwardProperties properties, boolean startWorker) {
    String url = TestDatabase.newDatabaseUrl();
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(url);
    dataSource.setUsername("postgres");
    dataSource.setPassword("postgres");
    dataSource.setMaximumPoolSize(10);
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    secrets = new SecretStore(jdbc, new SecretCipher(keyring));
    profiles = new ForwardProfileRepository(jdbc);
    deployments = new ForwardDeploymentRepository(jdbc, new JdbcTemplate(dataSource));
    collectors = new ForwardCollectorRepository(jdbc);
    profileService = new ForwardProfileService(profiles, collectors, secrets);
    deploymentService = new ForwardDeploymentService(deployments, secrets);
    bastions = new ForwardBastionRepository(jdbc);
    bastionService = new ForwardBastionService(bastions, deployments, secrets);
    jdbc.sql("INSERT INTO users (id, name, role) VALUES (?, ?, 'user')")
        .params(userId, userName)
        .update();

    forward = sandbox().start(0);

    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TemporalDevServer.shared(FerrySearchAttributes.ALL).target())
                .build());
    client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(FerryDataConverter.encrypted(keyring))
                .build());
    factory =
        WorkerFactory.newInstance(
            client, WorkerFactoryOptions.newBuilder().setWorkerInterceptors(activityRuns).build());
    if (startWorker) {
      startWorker(properties);
    }
  }

  /**
   * The Forward sandbox as the rig's tests see it: an API token of the account "alice-fwd" (Forward
   * names the account as creator) and collections that take 300 ms.
   */
  static ForwardSandbox sandbox() {
    return new ForwardSandbox()
        .apiToken("demo-key", "demo-secret", "alice-fwd")
        .collectionTiming(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50));
  }

  ForwardRig() {
    this(properties(500, 4), true);
  }

  static ForwardProperties properties(int batchSize, int parallel) {
    return new ForwardProperties(
        batchSize,
        parallel,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        "user",
        Map.of(),
        null,
        Duration.ofMillis(100),
        Duration.ofMinutes(2),
        null);
  }

  /**
   * Properties with the Kubernetes stand-in as the cluster (bearer token {@code kube-token},
   * namespace {@code ferry-system}, collector image {@code forwardnetworks/collector:26.6}).
   */
  static ForwardProperties inCluster(KubernetesSandbox kube) {
    return new ForwardProperties(
        100,
        2,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        "user",
        Map.of(),
        new ForwardProperties.Kubernetes(
            kube.baseUrl(),
            "kube-token",
            "ferry-system",
            "forwardnetworks/collector:26.6",
            null,
            false,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10)));
  }

  void startWorker(ForwardProperties properties) {
    ForwardClients clients = new ForwardClients(properties, profiles, secrets);
    var worker = factory.newWorker(taskQueue, ProductionWorkerOptions.read());
    worker.registerWorkflowImplementationTypes(
        ForwardSyncWorkflowImpl.class,
        ForwardDestroyWorkflowImpl.class,
        ForwardConnectionWorkflowImpl.class,
        ForwardCollectorWorkflowImpl.class);
    InClusterCollector inCluster =
        new InClusterCollector(properties, new KubernetesApi(properties));
    ForwardCollectors forwardCollectors =
        new ForwardCollectors(clients, collectors, profileService, secrets, inCluster, properties);
    worker.registerActivitiesImplementations(
        new ForwardSyncActivitiesImpl(
            deployments,
            clients,
            forwardCollectors,
            new ForwardNetworks(deployments),
            new ForwardAccess(deployments, secrets),
            new DeviceTypeHints(properties),
            properties),
        new ForwardDestroyActivitiesImpl(deployments, clients),
        new ForwardBastions(
            deployments,
            bastions,
            bastionService,
            new KubernetesApi(properties),
            bastionProperties),
        new ForwardConnectionActivitiesImpl(clients),
        new ForwardCollectorActivitiesImpl(clients, collectors, forwardCollectors, inCluster));
    factory.start();
  }

  ForwardProfile profile(String baseUrl, String user, String secret) {
    return profileService.create(
        userId,
        new ForwardProfile.Settings(
            "default-" + UUID.randomUUID(), baseUrl, user, false, null, null, true),
        secret);
  }

  ForwardProfile sandboxProfile() {
    return profile(forward.baseUrl(), "demo-key", "demo-secret");
  }

  /** The sandbox's Forward API as the rig's account, to look at or change what Ferry made. */
  Http forwardApi() {
    return new Http(forward.baseUrl(), "demo-key", "demo-secret");
  }

  UUID saveDeployment(
      String workspace,
      String name,
      String type,
      ForwardProfile profile,
      List<ForwardDeploymentService.DeviceInput> devices,
      List<ForwardDeploymentService.DeviceInput> hosts,
      ForwardDeploymentService.JumpInput jump) {
    return deploymentService.save(
        new ForwardDeploymentService.Submission(
            userId, workspace, name, type, profile.id(), devices, hosts, jump));
  }

  static List<ForwardDeploymentService.DeviceInput> devices(int count, String password) {
    String[] kinds = {"eos", "nxos", "vmx", "mystery-os"};
    List<ForwardDeploymentService.DeviceInput> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String kind = kinds[i % kinds.length];
      out.add(
          new ForwardDeploymentService.DeviceInput(
              "dev" + i,
              kind,
              "10.0." + (i / 250) + "." + (i % 250 + 1),
              22,
              "admin",
              password + "-" + kind));
    }
    return out;
  }

  ForwardSyncWorkflow syncStub(String workspace, String deployment, String type) {
    return client.newWorkflowStub(
        ForwardSyncWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setWorkflowId(SyncRequest.workflowId(workspace, deployment) + "-" + UUID.randomUUID())
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(FerrySearchAttributes.OWNER, userName)
                    .set(FerrySearchAttributes.WORKSPACE, workspace)
                    .set(FerrySearchAttributes.DEPLOYMENT, deployment)
                    .set(FerrySearchAttributes.DEPLOYMENT_TYPE, type)
                    .build())
            .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
            .build());
  }

  SyncResult sync(UUID deploymentId, String workspace, String deployment, String type) {
    return syncStub(workspace, deployment, type)
        .sync(new SyncRequest(deploymentId.toString(), userName, workspace, deployment, type));
  }

  /** Every payload of a run's history, decrypted, as one string (to look for leaked secrets). */
  String decodedHistory(String workflowId) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    EncryptionCodec codec = new EncryptionCodec(keyring);
    StringBuilder text = new StringBuilder(history.toJson(false));
    history.getEvents().forEach(event -> collectPayloads(event, codec, text));
    return text.toString();
  }

  private static void collectPayloads(
      com.google.protobuf.Message message, EncryptionCodec codec, StringBuilder out) {
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              List<?> values = value instanceof List<?> list ? list : List.of(value);
              for (Object v : values) {
                if (v instanceof Payload payload) {
                  codec
                      .decode(List.of(payload))
                      .forEach(p -> out.append(p.getData().toStringUtf8()).append('\n'));
                } else if (v instanceof Payloads payloads) {
                  codec
                      .decode(payloads.getPayloadsList())
                      .forEach(p -> out.append(p.getData().toStringUtf8()).append('\n'));
                } else if (v instanceof com.google.protobuf.Message nested) {
                  collectPayloads(nested, codec, out);
                }
              }
            });
  }

  @Override
  public void close() {
    factory.shutdownNow();
    forward.close();
    dataSource.close();
  }
}
