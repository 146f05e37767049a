package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exit codes and messages of the CLI against an HTTP server on loopback that answers like the API.
 */
class FerryCliTest {

  private HttpServer server;
  private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          String path = exchange.getRequestURI().getRawPath();
          int status;
          String body;
          if (!"Bearer fry_good".equals(lastAuthorization.get())) {
            status = 401;
            body =
                "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Unknown or revoked token\"}";
          } else if (path.equals("/api/me")) {
            status = 200;
            body = "{\"name\":\"alice\",\"role\":\"user\"}";
          } else if (path.equals("/api/workflows/forward-sync/ws%201/lab")) {
            status = 200;
            body =
                "{\"workflowId\":\"forward-sync/ws 1/lab\",\"type\":\"ForwardSync\",\"status\":\"RUNNING\","
                    + "\"startTime\":\"2026-11-22T00:00:00Z\",\"searchAttributes\":{\"FerryWorkspace\":[\"ws 1\"]},"
                    + "\"webUiUrl\":\"http://localhost:8233/x\"}";
          } else if (path.startsWith("/api/workflows/slow")) {
            status = 504;
            body = "{\"title\":\"Gateway Timeout\",\"status\":504,\"detail\":\"still running\"}";
          } else {
            status = 404;
            body = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no workflow\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void whoamiPrintsTheUser() {
    ApiClient client = new ApiClient(url(), "fry_good");
    assertThat(client.get("/api/me").path("name").asText()).isEqualTo("alice");
    assertThat(lastAuthorization.get()).isEqualTo("Bearer fry_good");
  }

  @Test
  void badTokenIsExitCode2WithTheProblemDetail() {
    CliException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            CliException.class, () -> new ApiClient(url(), "fry_bad").get("/api/me"));
    assertThat(failure.exitCode()).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(failure.getMessage()).isEqualTo("401 Unauthorized: Unknown or revoked token");
  }

  @Test
  void gatewayTimeoutIsExitCode3AndUnreachableIs1() {
    CliException timeout =
        org.junit.jupiter.api.Assertions.assertThrows(
            CliException.class, () -> new ApiClient(url(), "fry_good").get("/api/workflows/slow"));
    assertThat(timeout.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
    server.stop(0);
    CliException down =
        org.junit.jupiter.api.Assertions.assertThrows(
            CliException.class, () -> new ApiClient(url(), "fry_good").get("/api/me"));
    assertThat(down.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(down.getMessage()).contains("cannot reach");
  }

  @Test
  void workflowIdsWithSlashesAndSpacesAreEncodedPerSegment() {
    assertThat(WorkflowCommand.encodePath("forward-sync/ws 1/lab"))
        .isEqualTo("forward-sync/ws%201/lab");
    var run =
        new ApiClient(url(), "fry_good")
            .get("/api/workflows/" + WorkflowCommand.encodePath("forward-sync/ws 1/lab"));
    assertThat(run.path("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void everySubcommandAnswersHelp() {
    assertThat(FerryCli.run("workflow", "show", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ferry workflow show");
    assertThat(FerryCli.run("fort", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(FerryCli.run("forward", "sync", "--help")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void usageErrorsAreExitCode2() {
    assertThat(FerryCli.run("no-such-command")).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(FerryCli.run("workflow", "show")).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
  }

  @Test
  void problemTextNamesFields() throws Exception {
    var problem =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                "{\"title\":\"Bad Request\",\"detail\":\"Invalid request body\",\"errors\":[{\"field\":\"devices[0].host\",\"message\":\"must not be blank\"}]}");
    assertThat(ApiClient.problemText(400, problem))
        .isEqualTo("400 Bad Request: Invalid request body (devices[0].host: must not be blank)");
  }
}
