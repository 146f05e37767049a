package dev.ferry.worker.fort;

import dev.ferry.fort.store.CertificateAuthorities;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.SigningKeys;
import dev.ferry.fort.workflow.CycleReport;
import dev.ferry.fort.workflow.FulfilHostWorkflow;
import dev.ferry.fort.workflow.Need;
import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.forgejo.ForgejoSandbox;
import dev.ferry.sandbox.pocketid.PocketIdSandbox;
import dev.ferry.testing.TemporalDevServer;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.worker.FerryWorkerApplication;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fort benchmark (run with {@code scripts/bench-fort.sh}): a cluster of N simulated hosts in steady
 * state, one cycle's wall time and Temporal actions; then M hosts each gain a public OIDC service,
 * and the time until all are fulfilled. Real worker, Temporal dev server and PostgreSQL; hosts
 * speak the signed agent protocol.
 */
public final class FortBenchmark {

  /**
   * History events that Temporal Cloud bills as actions (a schedule-started cycle adds one more).
   */
  private static final Set<EventType> ACTIONS =
      Set.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
          EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          EventType.EVENT_TYPE_TIMER_STARTED,
          EventType.EVENT_TYPE_MARKER_RECORDED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
          EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);

  private static final String CLUSTER = "bench";
  private static final String DOMAIN = "bench.test";

  private FortBenchmark() {}

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int changed = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int steadyCycles = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    System.out.printf(
        "Fort benchmark: %d hosts, %d gaining a service, %d steady cycles%n",
        hosts, changed, steadyCycles);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(FerryWorkerApplication.class)
            .run(
                "--server.port=0",
                "--logging.level.root=WARN",
                "--spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                "--spring.temporal.connection.target="
                    + TemporalDevServer.shared(FerrySearchAttributes.ALL).target(),
                "--ferry.secrets.keys=" + TestKeys.newKey("k1"));
    try (PocketIdSandbox pocketId = new PocketIdSandbox("bench-key").start(0);
        ForgejoSandbox forgejo = new ForgejoSandbox().start(0)) {
      run(context, pocketId, forgejo, hosts, changed, steadyCycles);
    } finally {
      context.close();
    }
    System.exit(0);
  }

  private static void run(
      ConfigurableApplicationContext context,
      PocketIdSandbox pocketId,
      ForgejoSandbox forgejo,
      int hostCount,
      int changedCount,
      int steadyCycles)
      throws Exception {
    FortClusterRepository clusters = context.getBean(FortClusterRepository.class);
    FortStateRepository state = context.getBean(FortStateRepository.class);
    SecretStore secrets = context.getBean(SecretStore.class);
    WorkflowClient client = context.getBean(WorkflowClient.class);
    SigningKeys.SigningKey key = SigningKeys.generate("ferry@bench");
    CertificateAuthorities.PemCa ca =
        CertificateAuthorities.create("Bench CA", Duration.ofDays(365), DOMAIN);
    forgejo.addUser("forge-admin", "pw");
    clusters.insert(
        new FortCluster(
            CLUSTER,
            DOMAIN,
            pocketId.baseUrl(),
            secrets.seal("bench", "bench-key"),
            forgejo.baseUrl(),
            "forge-admin",
            secrets.seal("bench", "pw"),
            ca.certificatePem(),
            secrets.seal("bench", ca.privateKeyPem()),
            "beacon",
            80,
            443,
            "/var/lib/fort/proxy",
            secrets.seal("bench", key.privateKeyPem()),
            key.publicKeyLine(),
            60,
            3600,
            30 * 86400,
            90,
            24,
            null));

    try (SimulatedHosts sim = new SimulatedHosts(key.publicKeyLine())) {
      sim.manifest("beacon", "{\"services\":[]}");
      clusters.upsertHost(
          new FortHost(CLUSTER, "beacon", sim.url("beacon"), "127.0.0.1", key.publicKeyLine()));
      List<String> names = new ArrayList<>();
      for (int i = 0; i < hostCount; i++) {
        String name = String.format("h%04d", i);
        names.add(name);
        sim.manifest(name, manifest(name, false));
        clusters.upsertHost(
            new FortHost(CLUSTER, name, sim.url(name), "127.0.0.1", key.publicKeyLine()));
        // steady state: the certificate was delivered earlier and is far from expiry
        state.fulfilled(
            CLUSTER,
            name,
            "app",
            Need.TLS.id(),
            "dns=app-" + name + "." + DOMAIN,
            "seed",
            OffsetDateTime.now().plusDays(80));
      }

      System.out.println("\n-- steady state (nothing to change)");
      List<Long> walls = new ArrayList<>();
      for (int i = 0; i < steadyCycles; i++) {
        int reads = sim.manifestReads.get();
        Cycle c = cycle(client, "steady-" + i);
        walls.add(c.millis);
        System.out.printf(
            "cycle %d: %5d ms  actions %3d  largest payload %6d B  child runs %d  tasks %d  manifests read %d  unreachable %d%n",
            i,
            c.millis,
            c.actions,
            c.largestPayload,
            c.report.fulfilledHosts().size(),
            c.report.tasks(),
            sim.manifestReads.get() - reads,
            c.report.unreachableHosts().size());
        if (c.report.tasks() != 0) {
          throw new IllegalStateException("steady cycle had work to do: " + c.report);
        }
      }
      List<Long> sorted = new ArrayList<>(walls);
      Collections.sort(sorted);
      System.out.printf(
          "steady cycle wall time: median %d ms, max %d ms%n",
          sorted.get(sorted.size() / 2), sorted.getLast());

      System.out.printf("%n-- %d hosts each gain a public OIDC service%n", changedCount);
      for (String name : names.subList(0, changedCount)) {
        sim.manifest(name, manifest(name, true));
      }
      int writes = sim.writes.get();
      Cycle change = cycle(client, "change");
      long childActions = 0;
      for (String host : change.report.fulfilledHosts()) {
        childActions += actions(client, FulfilHostWorkflow.workflowId(CLUSTER, host));
      }
      long fulfilled =
          state.fulfilments(CLUSTER).stream().filter(f -> f.service().equals("wiki")).count();
      System.out.printf(
          "all fulfilled after %d ms: %d child runs, %d tasks, %d failed hosts, %d credential/proxy "
              + "writes, %d wiki fulfilments (expected %d), actions: cycle %d + children %d%n",
          change.millis,
          change.report.fulfilledHosts().size(),
          change.report.tasks(),
          change.report.failedHosts().size(),
          sim.writes.get() - writes,
          fulfilled,
          3L * changedCount,
          change.actions,
          childActions);
      Cycle after = cycle(client, "after");
      System.out.printf(
          "next cycle: %d ms, %d actions, %d tasks, largest payload %d B%n",
          after.millis, after.actions, after.report.tasks(), after.largestPayload);
      System.out.printf(
          "change cycle: largest payload %d B (the digest of the %d hosts with work)%n",
          change.largestPayload, changedCount);
      System.out.printf("signature rejections by the simulated hosts: %d%n", sim.rejected.get());
    }
  }

  private record Cycle(CycleReport report, long millis, long actions, long largestPayload) {}

  private static Cycle cycle(WorkflowClient client, String name) {
    String id = "fort-cycle/" + CLUSTER + "/" + name;
    ReconcileClusterWorkflow wf =
        client.newWorkflowStub(
            ReconcileClusterWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .build());
    long start = System.nanoTime();
    CycleReport report = wf.reconcile(CLUSTER);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Cycle(report, millis, actions(client, id), largestPayload(client, id));
  }

  /** The largest payload in the run's history as stored (encrypted by the codec), in bytes. */
  private static long largestPayload(WorkflowClient client, String workflowId) {
    long largest = 0;
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (e.hasActivityTaskCompletedEventAttributes()) {
        for (var p : e.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList()) {
          largest = Math.max(largest, p.getSerializedSize());
        }
      }
      if (e.hasWorkflowExecutionCompletedEventAttributes()) {
        for (var p :
            e.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList()) {
          largest = Math.max(largest, p.getSerializedSize());
        }
      }
    }
    return largest;
  }

  private static long actions(WorkflowClient client, String workflowId) {
    long n = 0;
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (ACTIONS.contains(e.getEventType())) {
        n++;
      }
    }
    return n;
  }

  /** Each host's services under names of its own: a name belongs to one host of a cluster. */
  private static String manifest(String host, boolean withWiki) {
    String app =
        "{\"name\":\"app\",\"subdomain\":\"app-%s\",\"port\":8080,\"visibility\":\"vpn\",\"sso\":{\"mode\":\"none\"}}"
            .formatted(host);
    String wiki =
        ",{\"name\":\"wiki\",\"subdomain\":\"wiki-%s\",\"port\":8081,\"visibility\":\"public\",\"sso\":{\"mode\":\"oidc\"}}"
            .formatted(host);
    return "{\"apps\":[],\"aspects\":[],\"roles\":[],\"services\":["
        + app
        + (withWiki ? wiki : "")
        + "]}";
  }
}
