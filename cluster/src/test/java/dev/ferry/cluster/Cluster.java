package dev.ferry.cluster;

import dev.ferry.testing.Http;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The production shape of scripts/cluster.sh, started once per test JVM on free ports with its own
 * home under target/ (so it runs next to a developer's `make run`), and stopped when the JVM ends.
 * The fault tests stop, kill and restart its parts through the same script an operator would use.
 */
final class Cluster {

  static final Path ROOT =
      Path.of(System.getProperty("ferry.root", "..")).toAbsolutePath().normalize();
  private static Cluster running;
  private static AssertionError failed;

  final Path home = ROOT.resolve("cluster/target/cluster-home");
  final int pgPort;
  final int temporalPort;
  final int forwardPort;
  final List<Integer> apiPorts;
  final List<Integer> workerPorts;
  private final Map<String, String> env = new LinkedHashMap<>();
  private WorkflowServiceStubs temporal;
  private String adminToken;

  private Cluster() {
    Set<Integer> taken = new java.util.HashSet<>();
    temporalPort = temporalFrontendPort(taken);
    pgPort = freePort(taken);
    forwardPort = freePort(taken);
    apiPorts = List.of(freePort(taken), freePort(taken));
    workerPorts = List.of(freePort(taken), freePort(taken));
    env.put("FERRY_HOME", home.toString());
    env.put("FERRY_CLUSTER_PG_PORT", Integer.toString(pgPort));
    env.put("TEMPORAL_PORT", Integer.toString(temporalPort));
    env.put("TEMPORAL_UI_PORT", Integer.toString(freePort(taken)));
    env.put("TEMPORAL_METRICS_PORT", Integer.toString(freePort(taken)));
    env.put("FORWARD_SANDBOX_PORT", Integer.toString(forwardPort));
    env.put("FOREMAN_SANDBOX_PORT", Integer.toString(freePort(taken)));
    env.put("FERRY_API_PORTS", join(apiPorts));
    env.put("FERRY_WORKER_PORTS", join(workerPorts));
  }

  /** The cluster, started on first use: a fresh home, so the databases start empty. */
  static synchronized Cluster get() {
    if (failed != null) {
      throw new AssertionError("the cluster did not start (see the first failure)", failed);
    }
    if (running == null) {
      Cluster cluster = new Cluster();
      cluster.down(); // what an interrupted earlier run left behind
      cluster.wipe();
      Progress.step("starting the cluster (scripts/cluster.sh up) in " + cluster.home);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::down));
      long started = System.nanoTime();
      try {
        cluster.script("up");
      } catch (AssertionError e) {
        failed = e;
        throw e;
      }
      Progress.step("cluster up in %.0f s", Progress.since(started));
      running = cluster;
    } else {
      // a supervisor's job between tests: restart whatever died (as an orchestrator would)
      running.script("up");
    }
    running.awaitWorkersPolling();
    return running;
  }

  /**
   * Every worker of the cluster polls the task queue. A worker can be healthy and not yet polling,
   * or exit after its health check on a loaded machine; then the script starts it again, once.
   */
  void awaitWorkersPolling() {
    try {
      new Runs(this).awaitPollers(workerIdentities(), java.time.Duration.ofMinutes(1));
    } catch (AssertionError notAll) {
      Progress.step("not every worker polls (%s); cluster.sh up again", notAll.getMessage());
      script("up");
      new Runs(this).awaitPollers(workerIdentities(), java.time.Duration.ofMinutes(2));
    }
  }

  private Set<String> workerIdentities() {
    Set<String> identities = new java.util.TreeSet<>();
    for (int n = 1; n <= workerPorts.size(); n++) {
      identities.add(pid("worker-" + n) + "@");
    }
    return identities;
  }

  /** Runs scripts/cluster.sh with this cluster's environment; its output goes to the console. */
  void script(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/cluster.sh"));
    command.addAll(List.of(args));
    run(command, env);
  }

  /** Starts a part (postgres, temporal, worker-1, api-2, ...) and waits until it answers. */
  void start(String part) {
    script("start", part);
  }

  /** Stops a part: "TERM" as an orchestrator would, "KILL" for kill -9. */
  void stop(String part, String signal) {
    script("stop", part, signal);
  }

  /** The pid of a running part, from the pid file the script wrote. */
  long pid(String part) {
    try {
      return Long.parseLong(Files.readString(home.resolve("pids/" + part + ".pid")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The worker part (worker-1, worker-2) whose process has this Temporal identity (pid@host). */
  String workerByIdentity(String identity) {
    for (int n = 1; n <= workerPorts.size(); n++) {
      String worker = "worker-" + n;
      if (Files.exists(home.resolve("pids/" + worker + ".pid"))
          && identity.startsWith(pid(worker) + "@")) {
        return worker;
      }
    }
    throw new AssertionError("no running worker of this cluster has identity " + identity);
  }

  /** An API instance (0-based) as the first admin. */
  Http api(int index) {
    return new Http("http://127.0.0.1:" + apiPorts.get(index), null, null).bearer(adminToken());
  }

  Http forwardSandbox() {
    return new Http("http://127.0.0.1:" + forwardPort, "demo-key", "demo-secret");
  }

  synchronized WorkflowServiceStubs temporal() {
    if (temporal == null) {
      temporal =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + temporalPort)
                  .build());
    }
    return temporal;
  }

  /** A connection to one of the cluster's databases as PostgreSQL's superuser. */
  Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database, "postgres", secret("postgres"));
  }

  /** A generated password of the cluster (postgres, temporal, ferry). */
  String secret(String name) {
    try {
      return Files.readString(home.resolve("cluster/" + name + ".password")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Map<String, String> env() {
    return Map.copyOf(env);
  }

  private synchronized String adminToken() {
    if (adminToken == null) {
      try {
        adminToken = Files.readString(home.resolve("cluster/admin-token")).trim();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return adminToken;
  }

  private void down() {
    if (!Files.isDirectory(home)) {
      return;
    }
    if (temporal != null) {
      temporal.shutdownNow();
    }
    run(List.of("bash", "scripts/stop.sh"), env);
  }

  private void wipe() {
    Path data = home.resolve("cluster/postgres");
    if (Files.isSymbolicLink(data)) { // the data lives in the postgres user's home (cluster.sh)
      delete(data.toAbsolutePath().getParent().resolve(readLink(data)));
    }
    delete(home);
  }

  private static Path readLink(Path link) {
    try {
      return Files.readSymbolicLink(link);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path tree) {
    if (!Files.exists(tree)) {
      return;
    }
    try (Stream<Path> files = Files.walk(tree)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command in the repository root with extra environment; fails on a non-zero exit. */
  static void run(List<String> command, Map<String, String> extraEnv) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    builder.environment().putAll(extraEnv);
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(line -> System.out.println("      | " + line));
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new AssertionError(String.join(" ", command) + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A free port for the frontend whose derived ports (deploy/temporal/ferry.yaml) are free too.
   * Temporal stores membership ports (frontend - 300 and up) as smallint: below 32768.
   */
  private static int temporalFrontendPort(Set<Integer> taken) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_300, 32_700);
      List<Integer> all =
          List.of(
              port,
              port + 1,
              port + 2,
              port + 6,
              port + 10,
              port - 300,
              port - 299,
              port - 298,
              port - 294);
      if (all.stream().allMatch(Cluster::free)) {
        taken.addAll(all);
        return port;
      }
    }
    throw new IllegalStateException("no free port range for the Temporal server");
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up), so that no outgoing connection of the
   * busy cluster takes it between this check and the part binding it.
   */
  static int freePort(Set<Integer> taken) {
    return freeRange(taken, 1);
  }

  /** The first of {@code count} consecutive free ports. */
  static int freeRange(Set<Integer> taken, int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(10_000, 20_000);
      List<Integer> range = java.util.stream.IntStream.range(base, base + count).boxed().toList();
      if (range.stream().noneMatch(taken::contains) && range.stream().allMatch(Cluster::free)) {
        taken.addAll(range);
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String join(List<Integer> ports) {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(" "));
  }
}
