package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.auth.Role;
import dev.ferry.api.auth.UserRepository;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The lists a pipeline needs (deployments, runs) and the user lifecycle (disable, enable, delete),
 * over HTTP on a real PostgreSQL and a real Temporal dev server. No worker runs, so a started sync
 * stays RUNNING until the test terminates it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineListsApiTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  private static final List<String> started = new ArrayList<>();
  private static WorkflowClient workflows;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL);
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient client;

  private String alice;
  private String aliceToken;
  private String bob;
  private String bobToken;
  private String adminToken;

  @BeforeEach
  void users() {
    workflows = client;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    alice = "alice-" + suffix;
    bob = "bob-" + suffix;
    aliceToken = token(alice, Role.USER);
    bobToken = token(bob, Role.USER);
    adminToken = token("admin-" + suffix, Role.ADMIN);
  }

  private String token(String name, Role role) {
    return users.issueToken(users.create(name, role).id(), "t").token();
  }

  @AfterAll
  static void terminate() {
    started.forEach(
        id -> {
          try {
            workflows.newUntypedWorkflowStub(id).terminate("test over");
          } catch (RuntimeException ignored) {
            // already closed
          }
        });
  }

  // ---- GET /api/forward/deployments

  @Test
  void deploymentsAreMineAndAnAdminSeesEveryoneFilteredByOwnerAndWorkspace() throws Exception {
    String ws1 = "ws1-" + alice;
    String ws2 = "ws2-" + alice;
    sync(aliceToken, ws1, "lab");
    sync(aliceToken, ws2, "lab");
    sync(bobToken, "ws-" + bob, "lab");

    JsonNode mine = get("/api/forward/deployments", aliceToken).json();
    assertThat(mine.findValuesAsText("workspace")).containsExactly(ws1, ws2);
    assertThat(mine.findValuesAsText("owner")).containsOnly(alice);
    assertThat(mine.get(0).path("devices").asInt()).isEqualTo(1);
    assertThat(mine.get(0).path("profile").asText()).isEqualTo("p");
    assertThat(get("/api/forward/deployments?workspace=" + ws2, aliceToken).json())
        .extracting(d -> d.path("workspace").asText())
        .containsExactly(ws2);
    assertThat(get("/api/forward/deployments?workspace=ws-" + bob, aliceToken).json()).isEmpty();
    assertThat(get("/api/forward/deployments?owner=" + alice, aliceToken).json()).hasSize(2);

    JsonNode all = get("/api/forward/deployments", adminToken).json();
    assertThat(all.findValuesAsText("owner")).contains(alice, bob);
    JsonNode bobs = get("/api/forward/deployments?owner=" + bob, adminToken).json();
    assertThat(bobs.findValuesAsText("workspace")).containsExactly("ws-" + bob);
    assertThat(get("/api/forward/deployments?owner=nobody-here", adminToken).json()).isEmpty();
  }

  @Test
  void anotherUsersDeploymentsAreNeverListedAndBadFiltersNameTheField() throws Exception {
    sync(bobToken, "ws-" + bob, "lab");

    assertThat(get("/api/forward/deployments", aliceToken).json()).isEmpty();
    Http.Resp asBob = get("/api/forward/deployments?owner=" + bob, aliceToken);
    assertProblem(asBob, 403, null);

    assertProblem(get("/api/forward/deployments?workspace=..%2Fx", aliceToken), 400, "workspace");
    assertProblem(
        get("/api/forward/deployments?workspace=" + "w".repeat(64), aliceToken), 400, "workspace");
    assertProblem(get("/api/forward/deployments?owner=Bob%27--", adminToken), 400, "owner");
    assertProblem(get("/api/forward/deployments", null), 401, null);
  }

  // ---- GET /api/workflows

  @Test
  void runsAreOwnerScopedFilteredAndPaged() throws Exception {
    String first = sync(aliceToken, "ws1-" + alice, "lab");
    String second = sync(aliceToken, "ws2-" + alice, "lab");
    String bobs = sync(bobToken, "ws-" + bob, "lab");
    client.newUntypedWorkflowStub(first).terminate("done for the test");

    JsonNode mine = await("/api/workflows", aliceToken, page -> ids(page).size() == 2);
    assertThat(ids(mine)).containsExactlyInAnyOrder(first, second).doesNotContain(bobs);
    assertThat(mine.at("/workflows/0/searchAttributes/FerryOwner").toString()).contains(alice);
    assertThat(mine.at("/workflows/0/type").asText()).isEqualTo("ForwardSyncWorkflow");
    assertThat(mine.at("/workflows/0/webUiUrl").asText()).contains("/workflows/forward-sync");

    await("/api/workflows?status=TERMINATED", aliceToken, page -> ids(page).equals(List.of(first)));
    assertThat(ids(get("/api/workflows?status=running", aliceToken).json()))
        .containsExactly(second);
    assertThat(ids(get("/api/workflows?type=ForwardSyncWorkflow&since=PT1H", aliceToken).json()))
        .hasSize(2);
    assertThat(ids(get("/api/workflows?type=ForwardDestroyWorkflow", aliceToken).json())).isEmpty();
    assertThat(ids(get("/api/workflows?since=2999-01-01T00:00:00Z", aliceToken).json())).isEmpty();

    JsonNode page1 = get("/api/workflows?pageSize=1", aliceToken).json();
    assertThat(ids(page1)).hasSize(1);
    String token = page1.path("nextPageToken").asText();
    assertThat(token).isNotBlank();
    JsonNode page2 = get("/api/workflows?pageSize=1&pageToken=" + token, aliceToken).json();
    assertThat(ids(page2)).hasSize(1).doesNotContainAnyElementsOf(ids(page1));
    assertThat(List.of(ids(page1).get(0), ids(page2).get(0)))
        .containsExactlyInAnyOrder(first, second);

    JsonNode everyone = await("/api/workflows", adminToken, page -> ids(page).contains(bobs));
    assertThat(ids(everyone)).contains(first, second, bobs);
    assertThat(ids(get("/api/workflows?owner=" + bob, adminToken).json())).containsExactly(bobs);
  }

  @Test
  void hostileListParametersAre400NamingTheFieldAndCannotWidenTheQuery() throws Exception {
    String bobs = sync(bobToken, "ws-" + bob, "lab");
    await("/api/workflows", bobToken, page -> ids(page).contains(bobs));

    for (String injection :
        List.of(
            "ForwardSyncWorkflow' OR FerryOwner != '",
            "ForwardSync\" OR WorkflowType != \"",
            "x OR 1=1",
            "ForwardSync) OR (ExecutionStatus = 'Running'")) {
      Http.Resp reply = get("/api/workflows?type=" + encode(injection), aliceToken);
      assertProblem(reply, 400, "type");
    }
    assertProblem(get("/api/workflows?owner=" + bob, aliceToken), 403, null);
    assertProblem(
        get("/api/workflows?owner=" + encode(bob + "' OR FerryOwner != '"), adminToken),
        400,
        "owner");
    assertProblem(get("/api/workflows?status=DONE", aliceToken), 400, "status");
    assertProblem(
        get("/api/workflows?status=" + encode("Running' OR 'a'='a"), aliceToken), 400, "status");
    assertProblem(get("/api/workflows?since=yesterday", aliceToken), 400, "since");
    assertProblem(get("/api/workflows?since=-PT1H", aliceToken), 400, "since");
    assertProblem(get("/api/workflows?since=P99999999999D", aliceToken), 400, "since");
    assertProblem(get("/api/workflows?since=0001-01-01T00:00:00Z", aliceToken), 400, "since");
    assertProblem(
        get("/api/workflows?since=%2B999999999-12-31T23:59:59Z", aliceToken), 400, "since");
    assertProblem(
        get("/api/workflows?since=" + encode("2026-01-01T00:00:00Z' OR '1'='1"), aliceToken),
        400,
        "since");
    assertProblem(get("/api/workflows?pageSize=0", aliceToken), 400, "pageSize");
    assertProblem(get("/api/workflows?pageSize=501", aliceToken), 400, "pageSize");
    assertProblem(get("/api/workflows?pageSize=many", aliceToken), 400, "pageSize");
    assertProblem(get("/api/workflows?pageToken=***", aliceToken), 400, "pageToken");
    assertProblem(get("/api/workflows?pageToken=", aliceToken), 400, "pageToken");
    assertProblem(get("/api/workflows?pageToken=AAAA", aliceToken), 400, "pageToken");

    // whatever alice sends, bob's run never shows up in her list
    assertThat(ids(get("/api/workflows", aliceToken).json())).doesNotContain(bobs);
  }

  // ---- users: disable, enable, delete

  @Test
  void aDisabledUsersTokensStopAtOnceAndWorkAgainWhenReEnabled() throws Exception {
    assertThat(get("/api/me", bobToken).status()).isEqualTo(200);

    Http.Resp disabled = send("POST", "/api/users/" + bob + "/disable", adminToken);
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().path("disabledAt").isNull()).isFalse();
    assertProblem(get("/api/me", bobToken), 401, null);
    assertProblem(get("/api/forward/deployments", bobToken), 401, null);
    JsonNode listed = get("/api/users", adminToken).json();
    assertThat(listed.findParents("name").stream().filter(u -> u.path("name").asText().equals(bob)))
        .singleElement()
        .satisfies(u -> assertThat(u.path("disabledAt").isNull()).isFalse());

    Http.Resp enabled = send("POST", "/api/users/" + bob + "/enable", adminToken);
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().path("disabledAt").isNull()).isTrue();
    assertThat(get("/api/me", bobToken).status()).isEqualTo(200);
  }

  @Test
  void aDeletedUsersTokensAreRevokedTheNameStaysReservedAndDeploymentsKeepTheirOwner()
      throws Exception {
    sync(bobToken, "ws-" + bob, "lab");
    String second = users.issueToken(users.findByName(bob).orElseThrow().id(), "ci").token();

    assertThat(send("DELETE", "/api/users/" + bob, adminToken).status()).isEqualTo(204);
    assertProblem(get("/api/me", bobToken), 401, null);
    assertProblem(get("/api/me", second), 401, null);
    assertThat(
            jdbc.sql(
                    """
                    SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.user_id
                    WHERE u.name = ? AND t.revoked_at IS NULL""")
                .param(bob)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(get("/api/users", adminToken).json().findValuesAsText("name")).doesNotContain(bob);
    assertProblem(send("POST", "/api/users/" + bob + "/enable", adminToken), 404, null);
    assertProblem(send("DELETE", "/api/users/" + bob, adminToken), 404, null);
    assertProblem(
        send("POST", "/api/users/" + bob + "/tokens", adminToken, "{\"name\":\"again\"}"),
        404,
        null);
    assertProblem(
        send("POST", "/api/users", adminToken, "{\"name\":\"" + bob + "\",\"role\":\"user\"}"),
        409,
        null);
    assertThat(get("/api/forward/deployments?owner=" + bob, adminToken).json())
        .extracting(d -> d.path("workspace").asText())
        .containsExactly("ws-" + bob);
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceWhileTheUsersOtherTokenWorks() throws Exception {
    UUID bobId = users.findByName(bob).orElseThrow().id();
    UserRepository.IssuedToken second = users.issueToken(bobId, "ci");
    // both were just checked, so both are in the API's token cache
    assertThat(get("/api/me", bobToken).status()).isEqualTo(200);
    assertThat(get("/api/me", second.token()).status()).isEqualTo(200);

    assertThat(send("DELETE", "/api/users/" + bob + "/tokens/" + second.id(), bobToken).status())
        .isEqualTo(204);

    assertProblem(get("/api/me", second.token()), 401, null);
    assertThat(get("/api/me", bobToken).json().path("name").asText()).isEqualTo(bob);
  }

  @Test
  void aTokenAlwaysAuthenticatesItsOwnUserAndNoOther() throws Exception {
    for (int round = 0; round < 2; round++) { // the second round is answered from the cache
      assertThat(get("/api/me", aliceToken).json().path("name").asText()).isEqualTo(alice);
      assertThat(get("/api/me", bobToken).json().path("name").asText()).isEqualTo(bob);
      // one character off is another token, whatever is cached
      String forged =
          bobToken.substring(0, bobToken.length() - 1) + (bobToken.endsWith("A") ? "B" : "A");
      assertProblem(get("/api/me", forged), 401, null);
    }
  }

  @Test
  void onlyAnAdminDisablesEnablesOrDeletesAndNeverTheirOwnAccount() throws Exception {
    for (String[] call :
        List.of(
            new String[] {"POST", "/api/users/" + bob + "/disable"},
            new String[] {"POST", "/api/users/" + bob + "/enable"},
            new String[] {"DELETE", "/api/users/" + bob})) {
      assertProblem(send(call[0], call[1], aliceToken), 403, null);
      assertProblem(send(call[0], call[1], null), 401, null);
    }
    assertProblem(send("POST", "/api/users/" + alice + "/disable", aliceToken), 403, null);
    assertThat(get("/api/me", bobToken).status()).isEqualTo(200);

    String admin = get("/api/me", adminToken).json().path("name").asText();
    assertProblem(send("POST", "/api/users/" + admin + "/disable", adminToken), 409, null);
    assertProblem(send("DELETE", "/api/users/" + admin, adminToken), 409, null);
    assertProblem(send("POST", "/api/users/no-such-user/disable", adminToken), 404, null);
    assertThat(get("/api/me", adminToken).status()).isEqualTo(200);
  }

  // ---- helpers

  /** Creates the caller's profile "p" if needed and starts a sync; returns the workflow id. */
  private String sync(String token, String workspace, String deployment) throws Exception {
    send(
        "POST",
        "/api/forward/profiles",
        token,
        "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\",\"isDefault\":true}");
    Http.Resp reply =
        send(
            "POST",
            "/api/forward/deployments/sync",
            token,
            """
            {"workspace":"%s","deployment":"%s","deploymentType":"clabernetes",
             "devices":[{"name":"r1","kind":"eos","host":"r1.lab.svc"}]}"""
                .formatted(workspace, deployment));
    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    String id = reply.json().path("workflowId").asText();
    started.add(id);
    return id;
  }

  /** Visibility is eventually consistent: polls the list until it shows what the test expects. */
  private JsonNode await(String path, String token, Predicate<JsonNode> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode page;
    do {
      page = get(path, token).json();
      if (expected.test(page)) {
        return page;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("visibility never showed the expected runs: " + page);
  }

  private static List<String> ids(JsonNode page) {
    assertThat(page.has("workflows")).as(page.toString()).isTrue();
    return page.path("workflows").findValuesAsText("workflowId");
  }

  private static void assertProblem(Http.Resp reply, int status, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    if (field != null) {
      assertThat(reply.json().path("errors").findValuesAsText("field")).contains(field);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Http.Resp get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  private Http.Resp send(String method, String path, String token) throws Exception {
    return send(method, path, token, null);
  }

  private Http.Resp send(String method, String path, String token, String body) throws Exception {
    return new Http("http://127.0.0.1:" + port, null, null).bearer(token).send(method, path, body);
  }
}
