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

/**
 * The API in its own JVM, as it runs in production ({@code scripts/run.sh}'s heap and collector):
 * the start-latency benchmark's client and floor then share no JIT, heap or threads with it. Extra
 * JVM options (a profiler agent) come from {@code FERRY_BENCH_API_JAVA_OPTS}.
 */
final class ApiProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ApiProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the API on {@code port} with these arguments and waits until it is healthy. */
  static ApiProcess start(int port, Path log, List<String> arguments)
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
    command.add("--server.port=" + port);
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
