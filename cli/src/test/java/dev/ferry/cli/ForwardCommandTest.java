package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `ferry forward sync --wait`: progress lines (stderr) read from the deployment status, then exit 0
 * on success and 1 with Forward's message on failure.
 */
class ForwardCommandTest {

  private HttpServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;

  private ApiClient serve(List<String> statuses) throws Exception {
    AtomicInteger call = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/forward/deployments/ws/lab",
        exchange -> {
          String body = statuses.get(Math.min(call.getAndIncrement(), statuses.size() - 1));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    return new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), "t");
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    server.stop(0);
  }

  private static ForwardCommand.Target target() {
    ForwardCommand.Target target = new ForwardCommand.Target();
    target.workspace = "ws";
    target.deployment = "lab";
    return target;
  }

  private static String running(int done) {
    return "{\"sync\":{\"status\":\"RUNNING\",\"progress\":{\"phase\":\"devices\",\"devicesDone\":"
        + done
        + ",\"devicesTotal\":1000}}}";
  }

  private static int waitForSync(ApiClient api, Duration timeout) {
    return new RunWaiter(
            timeout, Duration.ofMillis(50), Duration.ofSeconds(10), System.out, System.err, null)
        .await("sync", () -> ForwardCommand.deploymentRun(api, target(), "sync"));
  }

  @Test
  void waitShowsProgressAndSucceeds() throws Exception {
    ApiClient api =
        serve(List.of(running(0), running(500), "{\"sync\":{\"status\":\"COMPLETED\"}}"));
    assertThat(waitForSync(api, Duration.ofSeconds(30))).isEqualTo(ExitCodes.OK);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("sync: devices: 0/1000")
        .contains("sync: devices: 500/1000");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("sync completed");
  }

  @Test
  void failedSyncExitsNonZeroWithTheReason() throws Exception {
    ApiClient api =
        serve(
            List.of(
                running(0),
                "{\"sync\":{\"status\":\"FAILED\",\"failure\":\"GET /api/networks: 401 Invalid username or password\"}}"));
    assertThat(waitForSync(api, Duration.ofSeconds(30))).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("sync failed")
        .contains("401 Invalid username");
  }

  @Test
  void giveUpAfterTheTimeout() throws Exception {
    ApiClient api = serve(List.of(running(1)));
    assertThat(waitForSync(api, Duration.ofMillis(300))).isEqualTo(ExitCodes.TIMED_OUT);
  }
}
