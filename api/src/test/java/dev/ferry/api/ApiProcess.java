package dev.ferry.api;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The API in its own JVM, as it runs in production ({@code scripts/run.sh}'s heap and collector):
 * the start-latency benchmark's client and floor then share no JIT, heap or threads with it. It is
 * configured as {@code scripts/run.sh} configures it, through its environment, so no password or
 * key shows on a command line. Extra JVM options (a profiler agent) come from {@code
 * FERRY_BENCH_API_JAVA_OPTS}.
 */
final class ApiProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ApiProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the API on {@code port} with these settings (application.yml's variables, e.g. {@code
   * FERRY_DB_PASSWORD}) and waits until it is healthy.
   */
  static ApiProcess start(int port, Path log, Map<String, String> settings)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC"));
    // the JDK 24+ flags the benchmark JVM was given (scripts/lib.sh java_runtime_flags)
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--")) {
        command.add(flag);
      }
    }
    String extra = System.getenv("FERRY_BENCH_API_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), FerryApiApplication.class.getName()));
    command.add("--logging.level.root=WARN");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(settings);
    builder.environment().put("FERRY_API_PORT", Integer.toString(port));
    Process process = builder.start();
    ApiProcess api = new ApiProcess(process, port);
    api.awaitHealthy(log);
    return api;
  }

  private void awaitHealthy(Path log) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the API exited at start; its log: " + log);
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the API was not healthy within 3 minutes; its log: " + log);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
