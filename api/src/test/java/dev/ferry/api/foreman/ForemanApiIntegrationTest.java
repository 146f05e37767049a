package dev.ferry.api.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.ApiTestContext;
import dev.ferry.api.auth.Role;
import dev.ferry.api.auth.UserRepository;
import dev.ferry.foreman.activity.ForemanClients;
import dev.ferry.foreman.activity.ForemanConnectionActivitiesImpl;
import dev.ferry.foreman.activity.ForemanInventoryActivitiesImpl;
import dev.ferry.foreman.activity.ForemanProperties;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import dev.ferry.foreman.workflow.ForemanConnectionTestWorkflowImpl;
import dev.ferry.foreman.workflow.ForemanInventoryWorkflowImpl;
import dev.ferry.foreman.workflow.ForemanTestAllWorkflowImpl;
import dev.ferry.platform.codec.EncryptionCodec;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import dev.ferry.testing.Blackhole;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.HistoryPayloads;
import dev.ferry.testing.Http;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Foreman flow end to end: API → real Temporal dev server → worker (in this JVM) → Foreman
 * sandbox over HTTP → PostgreSQL → API. Also proves the admin-only rule and that no Foreman token
 * leaks anywhere.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ferry.foreman.test-interval=1h",
      "ferry.foreman.refresh-wait=60s",
      "ferry.foreman.test-wait=60s",
      // this suite tests the same configuration twice in a row; AuthorisationTest covers the
      // throttle
      "ferry.foreman.test-min-interval=0s"
    })
@ExtendWith(OutputCaptureExtension.class)
class ForemanApiIntegrationTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  private static final String TOKEN = "pat-3f9c1d-very-secret";
  private static final String WRONG_TOKEN = "pat-wrong-also-secret";
  private static final int HOSTS = 2_345;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ForemanSandbox FOREMAN =
      new ForemanSandbox(HOSTS)
          .user(ForemanUser.admin("svc-ferry", TOKEN))
          .failedLoginLockout(0, Duration.ZERO)
          .start(0);
  private static WorkerFactory workers;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  @LocalServerPort int port;
  @Autowired WorkflowClient workflowClient;
  @Autowired UserRepository users;
  @Autowired ForemanConfigRepository configs;
  @Autowired ForemanTestResultRepository results;
  @Autowired ForemanSnapshotRepository snapshots;
  @Autowired SecretStore secrets;
  @Autowired SecretKeyring keyring;
  @Autowired JdbcTemplate jdbcTemplate;

  private final List<String> responses = new ArrayList<>();
  private String admin;
  private String user;

  @BeforeEach
  void setUp() {
    startWorker();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    admin = users.issueToken(users.create("adm-" + suffix, Role.ADMIN).id(), "t").token();
    user = users.issueToken(users.create("usr-" + suffix, Role.USER).id(), "t").token();
  }

  /** The worker the real deployment runs in its own process, wired to the same database. */
  private synchronized void startWorker() {
    if (workers != null) {
      return;
    }
    workers = WorkerFactory.newInstance(workflowClient);
    Worker worker = workers.newWorker(FerryTaskQueues.MAIN);
    worker.registerWorkflowImplementationTypes(
        ForemanConnectionTestWorkflowImpl.class,
        ForemanTestAllWorkflowImpl.class,
        ForemanInventoryWorkflowImpl.class);
    ForemanClients clients = new ForemanClients(secrets);
    ForemanProperties properties = new ForemanProperties(500, 4, 5, 2);
    worker.registerActivitiesImplementations(
        new ForemanConnectionActivitiesImpl(clients, configs, results, properties),
        new ForemanInventoryActivitiesImpl(clients, configs, snapshots, properties));
    workers.start();
  }

  @AfterAll
  static void stopWorker() {
    if (workers != null) {
      workers.shutdownNow();
      workers = null;
    }
    FOREMAN.close();
  }

  @AfterEach
  void noTokenInAnyResponseOrLogLine(CapturedOutput output) {
    assertThat(String.join("\n", responses)).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
    assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
  }

  @Test
  void onlyAdminsManageConfigurationsAndUsersSeeOnlyIdAndName() {
    ObjectNode body = config("perm-" + UUID.randomUUID(), TOKEN);

    assertThat(call("POST", "/api/foreman/configs", user, body).status).isEqualTo(403);
    Response created = call("POST", "/api/foreman/configs", admin, body);
    assertThat(created.status).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("hasCredentials").asBoolean()).isTrue();
    assertThat(created.json().has("token")).isFalse();

    JsonNode listed = call("GET", "/api/foreman/configs", user, null).json();
    assertThat(listed.findValuesAsText("id")).contains(id);
    for (JsonNode summary : listed) {
      assertThat(summary.properties())
          .extracting(java.util.Map.Entry::getKey)
          .containsExactly("id", "name");
    }
    assertThat(call("GET", "/api/foreman/configs", admin, null).body).contains("baseUrl");
    assertThat(call("GET", "/api/foreman/configs/" + id, user, null).status).isEqualTo(403);
    assertThat(call("GET", "/api/foreman/configs/" + id + "/tests", user, null).status)
        .isEqualTo(403);
    assertThat(call("GET", "/api/foreman/configs/" + id, admin, null).status).isEqualTo(200);
    assertThat(call("PUT", "/api/foreman/configs/" + id, user, body).status).isEqualTo(403);
    assertThat(call("DELETE", "/api/foreman/configs/" + id, user, null).status).isEqualTo(403);
    assertThat(call("POST", "/api/foreman/schedule/pause", user, null).status).isEqualTo(403);
    assertThat(call("GET", "/api/foreman/configs", null, null).status).isEqualTo(401);

    assertThat(call("POST", "/api/foreman/configs", admin, body).status).isEqualTo(409);
    assertThat(
            call("POST", "/api/foreman/configs", admin, config("no-token", null))
                .json()
                .path("errors")
                .toString())
        .contains("token");
    assertThat(
            call(
                    "POST",
                    "/api/foreman/configs",
                    admin,
                    config("bad-url", TOKEN).put("baseUrl", "ftp://x"))
                .json()
                .path("errors")
                .toString())
        .contains("baseUrl");
    assertThat(
            call(
                    "POST",
                    "/api/foreman/configs",
                    admin,
                    config("extra", TOKEN).put("verify_ssl", true))
                .json()
                .path("errors")
                .toString())
        .contains("verify_ssl");

    SecretRef secret = configs.find(UUID.fromString(id)).orElseThrow().secretId();
    assertThat(secrets.open(secret)).isEqualTo(TOKEN); // stored, encrypted at rest
    assertThat(
            jdbcTemplate.queryForObject(
                "SELECT ciphertext FROM secrets WHERE id = ?", String.class, secret.id()))
        .doesNotContain(TOKEN);
    assertThat(call("DELETE", "/api/foreman/configs/" + id, admin, null).status).isEqualTo(204);
    assertThat(
            jdbcTemplate.queryForObject(
                "SELECT count(*) FROM secrets WHERE id = ?", Integer.class, secret.id()))
        .isZero();
  }

  @Test
  void connectionTestsAreTypedStoredAndReportedByHealthWithoutLeakingTheToken(
      CapturedOutput output) {
    String good = create(config("good-" + UUID.randomUUID(), TOKEN));
    String bad = create(config("bad-" + UUID.randomUUID(), WRONG_TOKEN));

    Response ok = call("POST", "/api/foreman/configs/" + good + "/test", admin, null);
    assertThat(ok.status).isEqualTo(200);
    assertThat(ok.json().path("result").path("outcome").asText()).isEqualTo("OK");
    assertThat(ok.json().path("result").path("foremanVersion").asText())
        .isEqualTo(ForemanSandbox.VERSION);
    assertThat(ok.json().path("webUiUrl").asText()).contains("/workflows/");

    Response denied = call("POST", "/api/foreman/configs/" + bad + "/test", admin, null);
    assertThat(denied.json().path("result").path("outcome").asText()).isEqualTo("BAD_CREDENTIALS");
    assertThat(denied.json().path("result").path("message").asText())
        .contains("Unable to authenticate");

    assertThat(
            call("GET", "/api/foreman/configs/" + bad + "/tests", admin, null)
                .json()
                .get(0)
                .path("outcome")
                .asText())
        .isEqualTo("BAD_CREDENTIALS");
    assertThat(
            call("GET", "/api/foreman/configs/" + good, admin, null)
                .json()
                .path("lastTest")
                .path("outcome")
                .asText())
        .isEqualTo("OK");

    JsonNode health = call("GET", "/actuator/health/foreman", admin, null).json();
    assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
    assertThat(health.toString()).contains("BAD_CREDENTIALS").contains("\"OK\"");

    // rotating the token through the API makes the next test pass (the worker's cached client is
    // rebuilt)
    assertThat(
            call("PUT", "/api/foreman/configs/" + bad, admin, config(configName(bad), TOKEN))
                .status)
        .isEqualTo(200);
    assertThat(
            call("POST", "/api/foreman/configs/" + bad + "/test", admin, null)
                .json()
                .path("result")
                .path("outcome")
                .asText())
        .isEqualTo("OK");

    assertThat(output.getAll())
        .as("the capture sees the worker's log lines")
        .contains("Foreman connection test of");
    for (String workflowId :
        List.of(ok.json().path("workflowId").asText(), denied.json().path("workflowId").asText())) {
      assertThat(
              HistoryPayloads.decodedText(
                  workflowClient.fetchHistory(workflowId), new EncryptionCodec(keyring)))
          .contains(workflowId.contains(good) ? "OK" : "BAD_CREDENTIALS")
          .doesNotContain(TOKEN)
          .doesNotContain(WRONG_TOKEN);
    }
  }

  @Test
  void inventoryIsCollectedOnceServedFromTheSnapshotAndRefreshedOnRequest() {
    String id = create(config("inv-" + UUID.randomUUID(), TOKEN));

    Response first = call("GET", "/api/foreman/configs/" + id + "/hosts?limit=10", user, null);
    assertThat(first.status).isEqualTo(200);
    assertThat(first.json().path("snapshot").path("hostCount").asInt()).isEqualTo(HOSTS);
    assertThat(first.json().path("hosts")).hasSize(10);
    assertThat(first.json().path("hosts").get(0).path("name").asText()).isNotBlank();
    String snapshotId = first.json().path("snapshot").path("id").asText();

    long requestsBefore = FOREMAN.totalRequests();
    Response cached =
        call("GET", "/api/foreman/configs/" + id + "/hosts?offset=2340&limit=10", user, null);
    assertThat(cached.json().path("snapshot").path("id").asText()).isEqualTo(snapshotId);
    assertThat(cached.json().path("hosts")).hasSize(HOSTS - 2340);
    assertThat(FOREMAN.totalRequests()).isEqualTo(requestsBefore); // served from PostgreSQL

    Response searched =
        call(
            "GET",
            "/api/foreman/configs/"
                + id
                + "/hosts?search="
                + "hostgroup_name%20%3D%20hypervisors&limit=1000",
            user,
            null);
    assertThat(searched.json().path("snapshot").path("hostCount").asInt()).isEqualTo(HOSTS / 50);
    assertThat(searched.json().path("hosts").findValuesAsText("name"))
        .allMatch(n -> n.startsWith("kvm"));

    JsonNode hypervisors =
        call("GET", "/api/foreman/configs/" + id + "/hypervisors", user, null).json();
    assertThat(hypervisors.path("hypervisors").findValuesAsText("kind"))
        .contains("compute_resource", "bare_metal");

    Response csv = call("GET", "/api/foreman/configs/" + id + "/hosts.csv", user, null);
    assertThat(csv.status).isEqualTo(200);
    assertThat(csv.body.split("\r\n")).hasSize(HOSTS + 1);
    assertThat(csv.body).startsWith("id,name,ip,operating_system");

    Response refreshed =
        call("GET", "/api/foreman/configs/" + id + "/hosts?refresh=true&limit=1", admin, null);
    assertThat(refreshed.json().path("snapshot").path("id").asText()).isNotEqualTo(snapshotId);

    String inventoryRun = ForemanInventory.workflowId(UUID.fromString(id), "");
    String history =
        HistoryPayloads.decodedText(
            workflowClient.fetchHistory(inventoryRun), new EncryptionCodec(keyring));
    assertThat(history).doesNotContain(TOKEN);
    assertThat(history.length()).as("history carries counts, not hosts").isLessThan(60_000);
    assertThat(history).doesNotContain(first.json().path("hosts").get(0).path("name").asText());
  }

  @Test
  void aFilteredSnapshotHoldsNoHypervisors() {
    String id = create(config("filtered-" + UUID.randomUUID(), TOKEN));

    Response searched = hosts(id, "name ~ kvm");

    assertThat(searched.status).as(searched.body).isEqualTo(200);
    JsonNode snapshot = searched.json().path("snapshot");
    assertThat(snapshot.path("hostCount").asInt()).isEqualTo(HOSTS / 50);
    assertThat(snapshot.path("hypervisorCount").asInt()).isZero();
    assertThat(snapshot.path("foremanVersion").asText()).isEqualTo(ForemanSandbox.VERSION);
    assertThat(snapshots.hypervisors(UUID.fromString(snapshot.path("id").asText()))).isEmpty();
  }

  @Test
  void aSearchForemanRejectsIsA400NamingTheSearchWithForemansMessage() {
    String id = create(config("badsearch-" + UUID.randomUUID(), TOKEN));

    Response rejected = hosts(id, "nosuchfield = 1");

    assertThat(rejected.status).as(rejected.body).isEqualTo(400);
    assertThat(rejected.json().path("errors").get(0).path("field").asText()).isEqualTo("search");
    assertThat(rejected.json().path("errors").get(0).path("message").asText())
        .contains("Field 'nosuchfield' not recognized for searching!");
  }

  @Test
  void anUnreachableForemanIsA504WithinTheConnectTimeout() throws IOException {
    int connectTimeoutMs = 2_000;
    try (Blackhole blackhole = new Blackhole()) {
      String id =
          create(
              config("unreachable-" + UUID.randomUUID(), TOKEN)
                  .put("baseUrl", blackhole.url())
                  .put("connectTimeoutMs", connectTimeoutMs));

      long started = System.nanoTime();
      Response hosts = call("GET", "/api/foreman/configs/" + id + "/hosts", user, null);
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(hosts.status).as(hosts.body).isEqualTo(504);
      assertThat(hosts.json().path("detail").asText()).contains("cannot connect");
      // answered after one connect attempt, not after retries (a generous bound, not a benchmark)
      assertThat(tookMs).isLessThan(3L * connectTimeoutMs);
    }
  }

  @Test
  void scheduleExistsCanBePausedAndTriggeredAndTestsEveryConfiguration() {
    String id = create(config("sched-" + UUID.randomUUID(), TOKEN));

    JsonNode state = call("GET", "/api/foreman/schedule", admin, null).json();
    assertThat(state.path("scheduleId").asText()).isEqualTo("foreman-test-all");
    assertThat(state.path("interval").asText()).isEqualTo("PT1H");

    assertThat(
            call("POST", "/api/foreman/schedule/pause", admin, null)
                .json()
                .path("paused")
                .asBoolean())
        .isTrue();
    assertThat(call("POST", "/api/foreman/schedule/trigger", admin, null).status).isEqualTo(202);
    waitUntil(Duration.ofSeconds(60), () -> !results.latest(UUID.fromString(id), 5).isEmpty());
    assertThat(results.latest(UUID.fromString(id), 1).get(0).outcome()).isEqualTo("OK");
    assertThat(
            call("POST", "/api/foreman/schedule/resume", admin, null)
                .json()
                .path("paused")
                .asBoolean())
        .isFalse();
  }

  // ---------------------------------------------------------------- helpers

  private ObjectNode config(String name, String token) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", name)
            .put("baseUrl", FOREMAN.baseUrl() + "/")
            .put("username", "svc-ferry")
            .put("readTimeoutMs", 10_000);
    return token == null ? body : body.put("token", token);
  }

  private Response hosts(String configId, String search) {
    return call(
        "GET",
        "/api/foreman/configs/"
            + configId
            + "/hosts?limit=1&search="
            + URLEncoder.encode(search, StandardCharsets.UTF_8),
        user,
        null);
  }

  private String create(ObjectNode body) {
    Response created = call("POST", "/api/foreman/configs", admin, body);
    assertThat(created.status).as(created.body).isEqualTo(201);
    return created.json().path("id").asText();
  }

  private static void waitUntil(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within " + timeout).isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private String configName(String id) {
    return configs.find(UUID.fromString(id)).orElseThrow().name();
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private Response call(String method, String path, String token, JsonNode body) {
    try {
      Http.Resp response =
          new Http("http://127.0.0.1:" + port, null, null)
              .bearer(token)
              .timeout(Duration.ofSeconds(90))
              .send(method, path, body == null ? null : body.toString());
      responses.add(response.body());
      return new Response(response.status(), response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
