package dev.ferry.forward.activity;

import dev.ferry.sandbox.forward.ForwardSandbox;
import dev.ferry.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The rig's Forward sandbox in a JVM of its own, for the benchmark: Forward's work then runs beside
 * the worker as a real Forward would, instead of on the worker's own (virtual) threads. The child
 * prints its base URL and lives until its standard input closes.
 */
final class ForwardSandboxProcess implements AutoCloseable {

  private final Process process;
  private final String baseUrl;

  ForwardSandboxProcess(Duration latency) throws IOException {
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                ForwardSandboxProcess.class.getName(),
                Long.toString(latency.toMillis()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("http")) {
      process.destroyForcibly();
      throw new IllegalStateException("the sandbox process did not start: " + line);
    }
    baseUrl = line;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** Clears Forward's data, as {@link ForwardSandbox#reset()}. */
  void reset() throws IOException, InterruptedException {
    Http.Resp reset = new Http(baseUrl, null, null).send("POST", "/__sandbox/reset", null);
    if (reset.status() / 100 != 2) {
      throw new IllegalStateException("sandbox reset: " + reset.status());
    }
  }

  int deviceCount(String networkId) throws IOException, InterruptedException {
    return new Http(baseUrl, "demo-key", "demo-secret")
        .get("/api/networks/" + networkId + "/classic-devices")
        .json()
        .path("devices")
        .size();
  }

  @Override
  public void close() {
    process.destroy();
  }

  public static void main(String[] args) throws IOException {
    ForwardSandbox forward =
        ForwardRig.sandbox().latency(Duration.ofMillis(Long.parseLong(args[0]))).start(0);
    System.out.println(forward.baseUrl());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the parent closes our input (or dies)
    }
    forward.close();
    System.exit(0);
  }
}
