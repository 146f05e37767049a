package dev.ferry.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ApiTestContext;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The authorisation rules one by one, each next to its hostile case: owner-scoped runs, roles
 * before bodies, the Foreman test throttle, health details and the bearer codec route. No worker
 * runs, so a started connection test stays pending and answers 202 after the short wait.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ferry.foreman.test-wait=1s", "ferry.foreman.test-min-interval=30s"})
class AuthorisationTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL);
  }

  private static final List<String> started = new ArrayList<>();
  private static WorkflowClient workflows;

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired WorkflowClient client;

  private String userName;
  private String user;
  private String other;
  private String admin;

  @BeforeEach
  void callers() {
    workflows = client;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    userName = "az-user-" + suffix;
    user = users.issueToken(users.create(userName, Role.USER).id(), "t").token();
    other = users.issueToken(users.create("az-other-" + suffix, Role.USER).id(), "t").token();
    admin = users.issueToken(users.create("az-admin-" + suffix, Role.ADMIN).id(), "t").token();
  }

  @AfterAll
  static void terminate() {
    for (String id : started) {
      try {
        workflows.newUntypedWorkflowStub(id).terminate("test over");
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }

  @Test
  void anotherUsersRunIsA404LikeARunThatDoesNotExist() throws Exception {
    String mine = startRun(userName);
    String nobodys = startRun(null);

    assertThat(get("/api/workflows/" + mine, user).status()).isEqualTo(200);
    assertThat(get("/api/workflows/" + mine, user).json().at("/searchAttributes/FerryOwner"))
        .hasToString("\"" + userName + "\"");
    assertThat(get("/api/workflows/" + mine, admin).status()).isEqualTo(200);
    assertThat(get("/api/workflows/" + nobodys, admin).status()).isEqualTo(200);

    Http.Resp theirs = get("/api/workflows/" + mine, other);
    Http.Resp missing = get("/api/workflows/" + mine + "-missing", other);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(theirs.body())
        .as("same answer as for a missing run, so ids cannot be probed")
        .isEqualTo(missing.body().replace(mine + "-missing", mine))
        .doesNotContain(userName);
    assertThat(get("/api/workflows/" + nobodys, user).status())
        .as("runs nobody owns (schedules, tests) are for admins")
        .isEqualTo(404);
  }

  @Test
  void rolesAreCheckedBeforeTheRequestIsParsedOrValidated() throws Exception {
    String invalid = "{\"name\": 5, \"unknownField\": true, \"role\": \"superuser\"}";
    String[][] adminOnly = {
      {"POST", "/api/users"},
      {"POST", "/api/foreman/configs"},
      {"PUT", "/api/foreman/configs/" + UUID.randomUUID()},
      {"POST", "/api/fort/clusters"},
      {"PUT", "/api/fort/clusters/c1/principals/p1"},
    };
    for (String[] op : adminOnly) {
      Http.Resp asUser = api().bearer(user).send(op[0], op[1], invalid);
      assertThat(asUser.status()).as("user: " + op[0] + " " + op[1]).isEqualTo(403);
      assertThat(asUser.body()).doesNotContain("errors").doesNotContain("unknownField");
      assertThat(api().bearer(admin).send(op[0], op[1], invalid).status())
          .as("the body really is invalid: admin on " + op[0] + " " + op[1])
          .isEqualTo(400);
    }
    // a path variable that does not parse is validation too
    for (String[] op :
        new String[][] {
          {"POST", "/api/foreman/configs/not-a-uuid/test"},
          {"PUT", "/api/foreman/configs/not-a-uuid"}
        }) {
      assertThat(api().bearer(user).send(op[0], op[1], invalid).status())
          .as(op[0] + " " + op[1])
          .isEqualTo(403);
      assertThat(api().bearer(admin).send(op[0], op[1], invalid).status()).isEqualTo(400);
    }
    assertThat(api().bearer(user).send("POST", "/api/foreman/schedule/trigger", invalid).status())
        .isEqualTo(403);
    // acting for another user is checked before the body, too
    assertThat(
            api().bearer(other).send("POST", "/api/users/" + userName + "/tokens", "{}").status())
        .isEqualTo(403);
    assertThat(api().bearer(user).send("POST", "/api/users/" + userName + "/tokens", "{}").status())
        .isEqualTo(400);
  }

  @Test
  void aSecondConnectionTestWithinTheWindowIs429AndStartsNothing() throws Exception {
    String config = createConfig("throttle-" + UUID.randomUUID());
    String untested = createConfig("untested-" + UUID.randomUUID());

    Http.Resp first =
        api().bearer(admin).send("POST", "/api/foreman/configs/" + config + "/test", null);
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    started.add(first.json().path("workflowId").asText());

    Http.Resp second =
        api().bearer(admin).send("POST", "/api/foreman/configs/" + config + "/test", null);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(second.json().path("status").asInt()).isEqualTo(429);
    long retryAfter =
        Long.parseLong(second.raw().headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 30L);

    Http.Resp trigger = api().bearer(admin).send("POST", "/api/foreman/schedule/trigger", null);
    assertThat(trigger.status()).as("the trigger would test it again").isEqualTo(429);
    assertThat(trigger.raw().headers().firstValue("Retry-After")).isPresent();

    Http.Resp otherConfig =
        api().bearer(admin).send("POST", "/api/foreman/configs/" + untested + "/test", null);
    assertThat(otherConfig.status()).as("the window is per configuration").isEqualTo(202);
    started.add(otherConfig.json().path("workflowId").asText());

    String query = "FerryForemanConfig = '" + config + "'";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (client.listExecutions(query).count() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(1000); // a second run, had one been started, would be visible by now as well
    assertThat(client.listExecutions(query).count())
        .as("connection test runs of the throttled configuration")
        .isEqualTo(1);
  }

  @Test
  void healthShowsStatusToAnyoneAndDetailsOnlyToAnAdmin() throws Exception {
    String name = "health-" + UUID.randomUUID();
    createConfig(name);

    for (String token : new String[] {null, user}) {
      Http.Resp health = api().bearer(token).send("GET", "/actuator/health", null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().path("status").asText()).isIn("UP", "DEGRADED");
      assertThat(health.json().has("components")).as(health.body()).isFalse();
      assertThat(health.body()).doesNotContain(name).doesNotContain("127.0.0.1");
      assertThat(api().bearer(token).send("GET", "/actuator/health/foreman", null).body())
          .doesNotContain(name)
          .doesNotContain("127.0.0.1");
    }

    Http.Resp detailed = api().bearer(admin).send("GET", "/actuator/health", null);
    assertThat(detailed.json().at("/components/db/status").asText()).isEqualTo("UP");
    assertThat(detailed.json().at("/components/foreman/details/" + name + "/outcome").asText())
        .isEqualTo("NOT_TESTED");
    assertThat(api().bearer(admin).send("GET", "/actuator/health/foreman", null).body())
        .contains(name);

    assertThat(api().bearer("fry_not-a-token").send("GET", "/actuator/health", null).status())
        .as("a token that is presented must be valid")
        .isEqualTo(401);
  }

  @Test
  void onlyAnAdminDecodesPayloadsWithABearerToken() throws Exception {
    String payloads = "{\"payloads\":[]}";
    Http.Resp asUser = api().bearer(user).send("POST", "/codec/decode", payloads);
    assertThat(asUser.status()).isEqualTo(403);
    assertThat(asUser.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(api().bearer(user).send("POST", "/codec/encode", payloads).status()).isEqualTo(403);
    assertThat(api().bearer(admin).send("POST", "/codec/decode", payloads).status()).isEqualTo(200);
  }

  /** A run on a task queue no worker polls: it stays RUNNING, which is all a read needs. */
  private String startRun(String owner) {
    String id = "authz-probe/" + UUID.randomUUID();
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
    if (owner != null) {
      attributes.set(FerrySearchAttributes.OWNER, owner);
    }
    client
        .newUntypedWorkflowStub(
            "AuthorisationProbe",
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue("authz-" + UUID.randomUUID())
                .setTypedSearchAttributes(attributes.build())
                .build())
        .start();
    started.add(id);
    return id;
  }

  private String createConfig(String name) throws Exception {
    Http.Resp created =
        api()
            .bearer(admin)
            .send(
                "POST",
                "/api/foreman/configs",
                "{\"name\":\"%s\",\"baseUrl\":\"http://127.0.0.1:9/\",\"username\":\"svc\",\"token\":\"t\"}"
                    .formatted(name));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asText();
  }

  private Http.Resp get(String path, String token) throws Exception {
    return api().bearer(token).send("GET", path, null);
  }

  private Http api() {
    return new Http("http://127.0.0.1:" + port, null, null);
  }
}
