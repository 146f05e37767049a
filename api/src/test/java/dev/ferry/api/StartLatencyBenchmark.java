package dev.ferry.api;

import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.platform.codec.FerryDataConverter;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.testing.Http;
import dev.ferry.testing.TemporalDevServer;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Start latency (run with {@code scripts/bench-start.sh}): starting a Forward sync through the API
 * ({@code POST /api/forward/deployments/sync}, a new two-device deployment each time) beside the
 * floor, a bare {@code WorkflowClient.start} of the same workflow type with the same options and
 * payload codec, against the same Temporal server (a dev server, or the production shape's server
 * with {@code --cluster}). The API runs in its own JVM ({@link ApiProcess}); no worker runs: only
 * starts are measured. The same for a Fort cycle, and for the Fort floor behind {@link BareFront},
 * the cheapest HTTP hop. Each round measures floor and API at concurrency 1, then at 50; the
 * figures are over all rounds. Method: docs/benchmarks-start.md.
 */
public final class StartLatencyBenchmark {

  private static final String WORKSPACE = "bench";
  private static final String TYPE = "clabernetes";
  private static final String CLUSTER = "bench";

  private StartLatencyBenchmark() {}

  /**
   * Exits with the outcome either way: a failed series leaves client threads behind, and only the
   * JVM's exit stops the dev server and PostgreSQL it started (which would otherwise keep loading
   * the machine's cores).
   */
  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable failure) {
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    int serialStarts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int concurrentStarts = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.out.printf(
        "Start latency: %d starts at concurrency 1 and %d at 50, %d rounds; %d cores%n",
        serialStarts, concurrentStarts, rounds, Runtime.getRuntime().availableProcessors());
    Path tokenFile = Files.createTempFile("ferry-bench-token", "");
    Files.delete(tokenFile);
    long booting = System.nanoTime();
    // the production shape (scripts/bench-start.sh --cluster) names its Temporal server and
    // database; otherwise a dev server and an embedded PostgreSQL are started here
    String target = System.getenv("FERRY_BENCH_TEMPORAL_TARGET");
    if (target == null || target.isBlank()) {
      target = TemporalDevServer.shared(FerrySearchAttributes.ALL).target();
    }
    String databaseUrl = System.getenv("FERRY_BENCH_JDBC_URL");
    String databaseUser = System.getenv().getOrDefault("FERRY_BENCH_DB_USER", "postgres");
    String databasePassword = System.getenv().getOrDefault("FERRY_BENCH_DB_PASSWORD", "postgres");
    if (databaseUrl == null || databaseUrl.isBlank()) {
      databaseUrl = TestDatabase.newDatabaseUrl();
    }
    String key = TestKeys.newKey("k1");
    Path log = Files.createTempFile("ferry-bench-api", ".log");
    try (ApiProcess apiProcess =
            ApiProcess.start(
                TemporalDevServer.freePort(),
                log,
                Map.of(
                    "FERRY_JDBC_URL", databaseUrl,
                    "FERRY_DB_USER", databaseUser,
                    "FERRY_DB_PASSWORD", databasePassword,
                    "TEMPORAL_TARGET", target,
                    "FERRY_SECRET_KEYS", key,
                    "FERRY_BOOTSTRAP_TOKEN_FILE", tokenFile.toString()));
        Connection database =
            DriverManager.getConnection(databaseUrl, databaseUser, databasePassword)) {
      System.out.printf(
          "API (its own JVM, pid %d, log %s) up in %.1f s; Temporal %s, database %s%n",
          apiProcess.pid(), log, (System.nanoTime() - booting) / 1e9, target, databaseUrl);
      Http api = new Http(apiProcess.url(), null, null).bearer(Files.readString(tokenFile).trim());
      expect(
          api.send(
              "POST",
              "/api/forward/profiles",
              "{\"name\":\"bench\",\"username\":\"k\",\"password\":\"s\"}"),
          201);
      expect(
          api.send(
              "POST",
              "/api/fort/clusters",
              """
              {"name":"%s","domain":"bench.test",
               "pocketId":{"url":"http://127.0.0.1:1","apiKey":"k"},
               "forgejo":{"url":"http://127.0.0.1:2","user":"forge-admin","password":"t"},
               "beacon":{"host":"edge","listenPort":8088},"intervalSeconds":86400}"""
                  .formatted(CLUSTER)),
          201);
      // the floor's client: what the API's WorkflowClient bean is (same server, namespace and
      // payload codec), made here
      WorkflowClient client =
          WorkflowClient.newInstance(
              WorkflowServiceStubs.newServiceStubs(
                  WorkflowServiceStubsOptions.newBuilder().setTarget(target).build()),
              WorkflowClientOptions.newBuilder()
                  .setNamespace("default")
                  .setDataConverter(FerryDataConverter.encrypted(SecretKeyring.parse(key)))
                  .build());
      new StartLatencyBenchmark.Run(
              client,
              api,
              new Http(apiProcess.url(), null, null),
              database.prepareStatement("SELECT 1"),
              apiProcess.pid())
          .measure(serialStarts, concurrentStarts, rounds);
    }
  }

  /** One way of starting the n-th sync. */
  private interface Starter {
    void start(int n) throws Exception;
  }

  private static final class Run {
    private final WorkflowClient client;
    private final Http api;
    private final Http anonymous;
    private final PreparedStatement selectOne;
    private final long apiPid;
    private final AtomicInteger sequence = new AtomicInteger();
    private final BareFront front;
    private final Http frontHttp;

    Run(WorkflowClient client, Http api, Http anonymous, PreparedStatement selectOne, long apiPid)
        throws IOException {
      this.client = client;
      this.api = api;
      this.anonymous = anonymous;
      this.selectOne = selectOne;
      this.apiPid = apiPid;
      this.front = new BareFront(() -> bareCycle(0));
      this.frontHttp = new Http(front.url(), null, null);
    }

    /** A start path of the API and its floor: the same start made with the bare client. */
    private record Path(String name, Starter floor, Starter api) {}

    /** Something every API start pays, measured alone. */
    private record Part(String name, Starter call) {}

    void measure(int serialStarts, int concurrentStarts, int rounds) throws Exception {
      List<Path> paths =
          List.of(
              new Path("Forward sync", this::bareSync, this::apiSync),
              new Path("Fort cycle", this::bareCycle, this::apiCycle),
              new Path("Fort cycle, bare front", this::bareCycle, this::frontCycle),
              new Path("Fort cycle, bare front, raw client", this::bareCycle, this::rawFrontCycle));
      // Warm up until the JIT is done with these paths: C2 on two slow cores compiles Spring's and
      // Tomcat's hot methods for minutes, and while it does it takes CPU from every start (at 300
      // starts a series, a profile showed the compiler threads using 43 % of the JVM's CPU).
      for (int round = 1; round <= 6; round++) {
        Cpu before = Cpu.now(apiPid);
        long began = System.nanoTime();
        for (Path path : paths) {
          for (int concurrency : new int[] {1, 50}) {
            series(path.floor(), concurrency, 300, null);
            series(path.api(), concurrency, 300, null);
          }
        }
        Cpu used = Cpu.now(apiPid).minus(before);
        long jit = (used.apiJitNanos() + used.clientJitNanos()) / 1_000_000;
        long wall = (System.nanoTime() - began) / 1_000_000;
        System.out.printf(
            "warm-up round %d (JIT, connections, Temporal and PostgreSQL caches): %d ms of"
                + " compiling (API JVM %d, client JVM %d) in %d ms%n",
            round, jit, used.apiJitNanos() / 1_000_000, used.clientJitNanos() / 1_000_000, wall);
        if (jit * 50 < wall) {
          break; // under 2 % of the time
        }
      }
      // What no API start can avoid, beside the floor: an HTTP exchange that stops in the token
      // filter (a refused request: no database, no start), the same with a token (HTTP and
      // authentication), one PostgreSQL round trip through the API's pool, and a bare cycle start
      // followed by GET /api/me: that exchange made while the dev server still digests the start,
      // as an API start's answer is.
      List<Part> parts =
          List.of(
              new Part(
                  "HTTP only (401, no DB)",
                  n -> expect(anonymous.send("GET", "/api/me", null), 401)),
              new Part(
                  "GET /api/me (no start)", n -> expect(api.send("GET", "/api/me", null), 200)),
              new Part(
                  "SELECT 1 (one DB trip)",
                  n -> {
                    try (ResultSet one = selectOne.executeQuery()) {
                      one.next();
                    }
                  }),
              new Part(
                  "Fort floor + GET /api/me",
                  n -> {
                    bareCycle(n);
                    expect(api.send("GET", "/api/me", null), 200);
                  }));
      for (Part part : parts) {
        series(part.call(), 1, 300, null);
      }
      List<Figures> overhead = new ArrayList<>();
      for (Part part : parts) {
        overhead.add(new Figures());
      }
      List<Figures[]> figures = new ArrayList<>();
      for (Path path : paths) {
        figures.add(
            new Figures[] {
              new Figures(),
              new Figures(),
              new Figures(),
              new Figures(),
              new Figures(),
              new Figures()
            });
      }
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("round %d/%d%n", round, rounds);
        for (int p = 0; p < parts.size(); p++) {
          measured(parts.get(p).call(), 1, serialStarts, overhead.get(p).add(parts.get(p).name()));
        }
        for (int p = 0; p < paths.size(); p++) {
          Path path = paths.get(p);
          Figures[] f = figures.get(p);
          measured(path.floor(), 1, serialStarts, f[0].add(path.name() + ", floor c=1"));
          measured(path.api(), 1, serialStarts, f[1].add(path.name() + ", API   c=1"));
          measured(path.floor(), 50, concurrentStarts, f[2].add(path.name() + ", floor c=50"));
          measured(path.api(), 50, concurrentStarts, f[3].add(path.name() + ", API   c=50"));
          paired(
              path,
              serialStarts,
              f[4].add(path.name() + ", floor paired"),
              f[5].add(path.name() + ", API   paired"));
        }
      }
      System.out.println();
      System.out.println("all rounds:");
      for (Figures f : overhead) {
        System.out.println("  " + f.total().line());
      }
      for (Figures[] f : figures) {
        report("concurrency 1 ", f[0], f[1]);
        report("concurrency 50", f[2], f[3]);
        report("paired at 1   ", f[4], f[5]);
      }
    }

    private void bareSync(int n) {
      String deployment = "bare-" + n;
      ForwardSyncWorkflow workflow =
          client.newWorkflowStub(ForwardSyncWorkflow.class, syncOptions(deployment));
      WorkflowClient.start(
          workflow::sync,
          new SyncRequest(UUID.randomUUID().toString(), "admin", WORKSPACE, deployment, TYPE));
    }

    /** What the API sets on a sync start (ForwardDeployments.options). */
    private static WorkflowOptions syncOptions(String deployment) {
      return WorkflowOptions.newBuilder()
          .setTaskQueue(FerryTaskQueues.MAIN)
          .setWorkflowId(SyncRequest.workflowId(WORKSPACE, deployment))
          .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
          .setTypedSearchAttributes(
              SearchAttributes.newBuilder()
                  .set(FerrySearchAttributes.OWNER, "admin")
                  .set(FerrySearchAttributes.WORKSPACE, WORKSPACE)
                  .set(FerrySearchAttributes.DEPLOYMENT, deployment)
                  .set(FerrySearchAttributes.DEPLOYMENT_TYPE, TYPE)
                  .build())
          .setStaticSummary(TYPE + " deployment " + WORKSPACE + "/" + deployment + " → Forward")
          .build();
    }

    private void apiSync(int n) throws Exception {
      String body =
          """
          {"workspace":"%s","deployment":"api-%d","deploymentType":"%s","profile":"bench",
           "devices":[{"name":"r1","kind":"eos","host":"r1.lab.svc","password":"pw-%d"},
                      {"name":"r2","kind":"eos","host":"r2.lab.svc","password":"pw-%d"}]}"""
              .formatted(WORKSPACE, n, TYPE, n, n);
      Http.Resp response = api.send("POST", "/api/forward/deployments/sync", body);
      expect(response, 202);
      if (response.json().path("alreadyRunning").asBoolean()) {
        throw new IllegalStateException("api-" + n + " joined a running sync; expected a start");
      }
    }

    /** What the API sets on an on-demand cycle (FortCycles.start). */
    private void bareCycle(int n) {
      ReconcileClusterWorkflow cycle =
          client.newWorkflowStub(
              ReconcileClusterWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("fort-cycle/" + CLUSTER + "/" + UUID.randomUUID())
                  .setTaskQueue(FerryTaskQueues.MAIN)
                  .setTypedSearchAttributes(
                      SearchAttributes.newBuilder()
                          .set(FerrySearchAttributes.CLUSTER, CLUSTER)
                          .build())
                  .build());
      WorkflowClient.start(cycle::reconcile, CLUSTER);
    }

    /** The cheapest HTTP hop before the same start, through the API lines' client. */
    private void frontCycle(int n) throws Exception {
      expect(frontHttp.send("POST", "/start", null), 202);
    }

    /** The same hop with no client library (BareFront's kept-alive socket). */
    private void rawFrontCycle(int n) {
      int status = front.post();
      if (status != 202) {
        throw new IllegalStateException("expected 202 from the bare front, got " + status);
      }
    }

    private void apiCycle(int n) throws Exception {
      expect(api.send("POST", "/api/fort/clusters/" + CLUSTER + "/cycles", null), 202);
    }

    /**
     * A recorded series, after an unrecorded one of the same kind: switching between paths as
     * different as a bare gRPC start and a Spring request changes the type profiles the JIT
     * compiled for, and the recompiling that follows (seconds of compiler time on two cores) would
     * otherwise land in whichever series comes next.
     */
    private void measured(Starter starter, int concurrency, int count, Series into)
        throws Exception {
      series(starter, concurrency, concurrency == 1 ? 200 : 500, null);
      series(starter, concurrency, count, into);
    }

    /**
     * Floor and API alternating on one thread (floor first in even pairs, API first in odd ones),
     * each start timed into its own series: both see the same server state, which drifts over a run
     * as pending runs pile up with no worker (the same floor measured minutes apart differed by up
     * to 2x). The CPU columns of both lines are those of the whole series, per pair.
     */
    private void paired(Path path, int pairs, Series floorInto, Series apiInto) throws Exception {
      series(n -> pair(path, n, new long[2]), 1, 100, null);
      long[] floorNanos = new long[pairs];
      long[] apiNanos = new long[pairs];
      Cpu before = Cpu.now(apiPid);
      long began = System.nanoTime();
      for (int i = 0; i < pairs; i++) {
        long[] both = new long[2];
        pair(path, i, both);
        floorNanos[i] = both[0];
        apiNanos[i] = both[1];
      }
      long wall = System.nanoTime() - began;
      Cpu used = Cpu.now(apiPid).minus(before);
      floorInto.record(floorNanos, wall, used);
      apiInto.record(apiNanos, wall, used);
      System.out.println("  " + floorInto.line());
      System.out.println("  " + apiInto.line());
    }

    /**
     * One floor start and one API start, in the order {@code i} picks; their times in {@code into}.
     */
    private void pair(Path path, int i, long[] into) throws Exception {
      for (int k = 0; k < 2; k++) {
        boolean floor = (k == 0) == (i % 2 == 0);
        int n = sequence.incrementAndGet();
        long t0 = System.nanoTime();
        (floor ? path.floor() : path.api()).start(n);
        into[floor ? 0 : 1] = System.nanoTime() - t0;
      }
    }

    /**
     * {@code count} starts by {@code concurrency} threads, each timed; prints progress every 5 s.
     */
    private void series(Starter starter, int concurrency, int count, Series into) throws Exception {
      long[] nanos = new long[count];
      AtomicInteger next = new AtomicInteger();
      IntConsumer worker =
          unused -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
              int n = sequence.incrementAndGet();
              long t0 = System.nanoTime();
              try {
                starter.start(n);
              } catch (Exception e) {
                throw new IllegalStateException("start " + n + " failed", e);
              }
              nanos[i] = System.nanoTime() - t0;
            }
          };
      ExecutorService pool = Executors.newFixedThreadPool(concurrency);
      Cpu cpuBefore = Cpu.now(apiPid);
      long began = System.nanoTime();
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
          futures.add(pool.submit(() -> worker.accept(0)));
        }
        long lastReport = began;
        for (Future<?> f : futures) {
          while (!f.isDone()) {
            Thread.sleep(50);
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
              lastReport = System.nanoTime();
              System.out.printf("    ... %d/%d starts%n", Math.min(next.get(), count), count);
            }
          }
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      long wall = System.nanoTime() - began;
      if (into != null) {
        into.record(nanos, wall, Cpu.now(apiPid).minus(cpuBefore));
        System.out.println("  " + into.line());
      }
    }

    private static void report(String label, Figures bare, Figures viaApi) {
      Series floor = bare.total();
      Series api = viaApi.total();
      System.out.println("  " + floor.line());
      System.out.println("  " + api.line());
      System.out.printf(
          "  %s API/floor: median %.2fx  p95 %.2fx  p99 %.2fx  throughput %.2fx%n",
          label,
          api.percentile(50) / floor.percentile(50),
          api.percentile(95) / floor.percentile(95),
          api.percentile(99) / floor.percentile(99),
          api.throughput() / floor.throughput());
    }
  }

  /** The rounds of one series kind. */
  private static final class Figures {
    private final List<Series> rounds = new ArrayList<>();

    Series add(String label) {
      Series s = new Series(label);
      rounds.add(s);
      return s;
    }

    Series total() {
      Series all = new Series(rounds.getFirst().label);
      for (Series s : rounds) {
        all.record(s.nanos, s.wallNanos, s.cpu);
      }
      return all;
    }
  }

  /**
   * CPU time used so far by the benchmark's JVM (the HTTP client, the floor's client and the bare
   * front), by the API's JVM, by the Temporal server (the dev server, or the production shape's
   * server) and by PostgreSQL (all its processes: the API's and, in the production shape,
   * Temporal's database), and by each JVM's JIT compiler threads; read from /proc in 10 ms ticks.
   */
  private record Cpu(
      long clientNanos,
      long apiNanos,
      long temporalNanos,
      long postgresNanos,
      long clientJitNanos,
      long apiJitNanos) {

    private static final long TICK = 10_000_000L;

    static Cpu now(long apiPid) {
      long self = ProcessHandle.current().pid();
      long temporal = 0;
      long postgres = 0;
      for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
        String command = p.info().command().orElse("");
        if (command.endsWith("/temporal") || command.contains("/temporal-server")) {
          temporal += ticks(Path.of("/proc/" + p.pid() + "/stat"));
        } else if (command.endsWith("/postgres")) {
          postgres += ticks(Path.of("/proc/" + p.pid() + "/stat"));
        }
      }
      return new Cpu(
          ticks(Path.of("/proc/" + self + "/stat")) * TICK,
          ticks(Path.of("/proc/" + apiPid + "/stat")) * TICK,
          temporal * TICK,
          postgres * TICK,
          compilerTicks(self) * TICK,
          compilerTicks(apiPid) * TICK);
    }

    /** The CPU ticks of a JVM's C1 and C2 compiler threads. */
    private static long compilerTicks(long pid) {
      try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
        return threads
            .map(thread -> thread.resolve("stat"))
            .filter(stat -> comm(stat).contains("CompilerThre"))
            .mapToLong(Cpu::ticks)
            .sum();
      } catch (IOException | RuntimeException e) {
        return 0; // not on Linux, or the process just ended: the column shows 0
      }
    }

    private static String comm(Path stat) {
      try {
        String line = Files.readString(stat);
        return line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
      } catch (IOException | RuntimeException e) {
        return "";
      }
    }

    /** utime + stime of a process or thread, in clock ticks. */
    private static long ticks(Path stat) {
      try {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException e) {
        return 0; // the thread or process just ended: it counts nothing
      }
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(
          clientNanos - earlier.clientNanos,
          apiNanos - earlier.apiNanos,
          temporalNanos - earlier.temporalNanos,
          postgresNanos - earlier.postgresNanos,
          clientJitNanos - earlier.clientJitNanos,
          apiJitNanos - earlier.apiJitNanos);
    }

    Cpu plus(Cpu other) {
      return new Cpu(
          clientNanos + other.clientNanos,
          apiNanos + other.apiNanos,
          temporalNanos + other.temporalNanos,
          postgresNanos + other.postgresNanos,
          clientJitNanos + other.clientJitNanos,
          apiJitNanos + other.apiJitNanos);
    }
  }

  /** Latencies of one series of starts, the wall time and the CPU time they took. */
  private static final class Series {
    final String label;
    long[] nanos = new long[0];
    long wallNanos;
    Cpu cpu = new Cpu(0, 0, 0, 0, 0, 0);

    Series(String label) {
      this.label = label;
    }

    void record(long[] more, long wall, Cpu used) {
      long[] joined = Arrays.copyOf(nanos, nanos.length + more.length);
      System.arraycopy(more, 0, joined, nanos.length, more.length);
      Arrays.sort(joined);
      nanos = joined;
      wallNanos += wall;
      cpu = cpu.plus(used);
    }

    /** Milliseconds at percentile p (nearest rank). */
    double percentile(double p) {
      int rank = (int) Math.ceil(p / 100 * nanos.length);
      return nanos[Math.max(0, rank - 1)] / 1e6;
    }

    double throughput() {
      return nanos.length / (wallNanos / 1e9);
    }

    String line() {
      return String.format(
          "%-26s %5d starts: median %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  %7.1f starts/s"
              + "  CPU/start: client %.2f, API %.2f, Temporal %.2f, PostgreSQL %.2f ms;"
              + " JIT: API %d ms, client %d ms",
          label,
          nanos.length,
          percentile(50),
          percentile(95),
          percentile(99),
          throughput(),
          cpu.clientNanos() / 1e6 / nanos.length,
          cpu.apiNanos() / 1e6 / nanos.length,
          cpu.temporalNanos() / 1e6 / nanos.length,
          cpu.postgresNanos() / 1e6 / nanos.length,
          cpu.apiJitNanos() / 1_000_000,
          cpu.clientJitNanos() / 1_000_000);
    }
  }

  private static void expect(Http.Resp response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException(
          "expected " + status + ", got " + response.status() + ": " + response.body());
    }
  }
}
