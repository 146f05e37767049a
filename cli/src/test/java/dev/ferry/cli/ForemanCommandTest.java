package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry foreman …` against a loopback server answering like the API; the login file points the CLI
 * at it.
 */
class ForemanCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private String originalHome;
  private volatile String testOutcome = "OK";

  @BeforeEach
  void start() throws Exception {
    // the CLI prefers FERRY_URL/FERRY_TOKEN/FERRY_CONFIG_HOME; these tests steer it through
    // user.home instead
    assumeTrue(
        System.getenv("FERRY_URL") == null
            && System.getenv("FERRY_TOKEN") == null
            && System.getenv("FERRY_CONFIG_HOME") == null);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String request =
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(request.trim());
          String path = exchange.getRequestURI().getPath();
          String type = "application/json";
          int status = 200;
          String body;
          if (request.startsWith("GET /api/foreman/configs ")) {
            body =
                "[{\"id\":\"c1\",\"name\":\"prod\",\"baseUrl\":\"https://f.example.com\",\"username\":\"svc\","
                    + "\"hasCredentials\":true,\"verifyTls\":true,\"connectTimeoutMs\":10000,\"readTimeoutMs\":30000}]";
          } else if (request.startsWith("POST /api/foreman/configs ")) {
            status = 201;
            body = "{\"id\":\"c2\",\"name\":\"lab\",\"baseUrl\":\"https://lab.example.com\"}";
          } else if (request.startsWith("PUT /api/foreman/configs/c1 ")) {
            body = "{\"id\":\"c1\",\"name\":\"prod\",\"baseUrl\":\"https://f.example.com\"}";
          } else if (path.equals("/api/foreman/configs/c1/test")) {
            body =
                "{\"workflowId\":\"foreman-test/c1/x\",\"webUiUrl\":\"http://ui/x\",\"result\":{\"outcome\":\""
                    + testOutcome
                    + "\",\"message\":\"m\",\"missingPermissions\":[]}}";
          } else if (path.startsWith("/api/foreman/schedule")) {
            body =
                "{\"scheduleId\":\"foreman-test-all\",\"interval\":\"PT15M\",\"paused\":"
                    + path.endsWith("/pause")
                    + ",\"actionsTaken\":2,\"nextRuns\":[]}";
          } else if (path.equals("/api/foreman/configs/c1/hosts.csv")) {
            type = "text/csv";
            body = "id,name\r\n1,a.example.com\r\n2,b.example.com\r\n";
          } else {
            status = 404;
            body = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"nothing here\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", type);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    originalHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    new CliConfig("http://127.0.0.1:" + server.getAddress().getPort(), "fry_test").save();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    if (server != null) {
      server.stop(0);
      System.setProperty("user.home", originalHome);
    }
  }

  private JsonNode lastBody(String prefix) throws Exception {
    String request =
        requests.stream().filter(r -> r.startsWith(prefix)).reduce((a, b) -> b).orElseThrow();
    return JSON.readTree(request.substring(request.indexOf('{')));
  }

  @Test
  void createSendsTheTokenOnlyInTheBody() throws Exception {
    int exit =
        FerryCli.run(
            "foreman",
            "create",
            "--name",
            "lab",
            "--url",
            "https://lab.example.com",
            "--username",
            "svc",
            "--token",
            "pat-123",
            "--no-verify-tls",
            "--read-timeout-ms",
            "5000");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    JsonNode body = lastBody("POST /api/foreman/configs ");
    assertThat(body.path("token").asText()).isEqualTo("pat-123");
    assertThat(body.path("verifyTls").asBoolean()).isFalse();
    assertThat(body.path("readTimeoutMs").asInt()).isEqualTo(5000);
    assertThat(body.has("password")).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("created lab")
        .doesNotContain("pat-123");
  }

  @Test
  void updateKeepsUnsetSettingsAndTheStoredToken() throws Exception {
    assertThat(FerryCli.run("foreman", "update", "prod", "--url", "https://new.example.com"))
        .isEqualTo(ExitCodes.OK);

    JsonNode body = lastBody("PUT /api/foreman/configs/c1 ");
    assertThat(body.path("baseUrl").asText()).isEqualTo("https://new.example.com");
    assertThat(body.path("username").asText()).isEqualTo("svc");
    assertThat(body.path("readTimeoutMs").asInt()).isEqualTo(30000);
    assertThat(
            body.has("token")
                || body.has("password")
                || body.has("id")
                || body.has("hasCredentials"))
        .isFalse();
  }

  @Test
  void testExitCodeFollowsTheOutcome() {
    assertThat(FerryCli.run("foreman", "test", "prod")).isEqualTo(ExitCodes.OK);
    testOutcome = "BAD_CREDENTIALS";
    assertThat(FerryCli.run("foreman", "test", "c1")).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    testOutcome = "TIMEOUT";
    assertThat(FerryCli.run("foreman", "test", "prod")).isEqualTo(ExitCodes.TIMED_OUT);
    testOutcome = "UNREACHABLE";
    assertThat(FerryCli.run("foreman", "test", "prod")).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void unknownConfigurationIsBadInput() {
    assertThat(FerryCli.run("foreman", "hosts", "nope")).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
  }

  @Test
  void scheduleVerbsAreShowPauseResumeTrigger() {
    assertThat(FerryCli.run("foreman", "schedule")).isEqualTo(ExitCodes.OK);
    assertThat(FerryCli.run("foreman", "schedule", "pause")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("foreman-test-all every PT15M, PAUSED");
    assertThat(FerryCli.run("foreman", "schedule", "resume")).isEqualTo(ExitCodes.OK);
    assertThat(FerryCli.run("foreman", "schedule", "trigger")).isEqualTo(ExitCodes.OK);
    assertThat(FerryCli.run("foreman", "schedule", "unpause"))
        .isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(requests)
        .filteredOn(r -> r.contains("/schedule"))
        .extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1])
        .containsExactly(
            "GET /api/foreman/schedule",
            "POST /api/foreman/schedule/pause",
            "POST /api/foreman/schedule/resume",
            "POST /api/foreman/schedule/trigger");
  }

  @Test
  void exportWritesTheCsv() throws Exception {
    Path file = home.resolve("hosts.csv");

    assertThat(
            FerryCli.run(
                "foreman", "export", "prod", "--search", "os = Debian", "--file", file.toString()))
        .isEqualTo(ExitCodes.OK);

    assertThat(Files.readString(file)).startsWith("id,name\r\n").contains("b.example.com");
    assertThat(requests)
        .anyMatch(
            r ->
                r.startsWith(
                    "GET /api/foreman/configs/c1/hosts.csv?refresh=false&search=os%20%3D%20Debian"));
  }
}
