package dev.ferry.api.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ApiTestContext;
import dev.ferry.api.auth.Role;
import dev.ferry.api.auth.UserRepository;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import java.util.UUID;
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
 * The Forward API over HTTP with the real dev server and PostgreSQL. No worker runs here, so a
 * started sync stays RUNNING: exactly what the one-sync-per-deployment check needs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardApiTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.List<String> started = new java.util.ArrayList<>();
  private static WorkflowClient workflows;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL);
  }

  @LocalServerPort int port;
  @Autowired UserRepository users;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient client;

  private String token;
  private String user;

  @BeforeEach
  void user() {
    workflows = client;
    user = "u" + UUID.randomUUID().toString().substring(0, 8);
    token = users.issueToken(users.create(user, Role.USER).id(), "t").token();
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

  @Test
  void profileCrudNeverReturnsCredentials() throws Exception {
    Res created =
        send(
            "POST",
            "/api/forward/profiles",
            """
        {"name":"lab","baseUrl":"fwd.example.com/","username":"key-123","password":"very-secret-1","isDefault":true}""");
    assertThat(created.status).isEqualTo(201);
    assertThat(created.body.get("baseUrl").asText()).isEqualTo("https://fwd.example.com");
    assertThat(created.body.get("hasSecret").asBoolean()).isTrue();
    assertThat(created.body.get("isDefault").asBoolean()).isTrue();

    Res second =
        send(
            "POST",
            "/api/forward/profiles",
            """
        {"name":"other","username":"k2","password":"very-secret-2","isDefault":true}""");
    assertThat(second.body.get("baseUrl").asText()).isEqualTo("https://fwd.app");
    Res list = send("GET", "/api/forward/profiles", null);
    assertThat(list.body.size()).isEqualTo(2);
    assertThat(list.raw).doesNotContain("very-secret").doesNotContain("key-123");
    assertThat(list.body.findValues("isDefault").stream().filter(JsonNode::asBoolean).count())
        .isEqualTo(1);

    Res updated =
        send(
            "PUT",
            "/api/forward/profiles/lab",
            """
        {"name":"lab","baseUrl":"https://fwd.example.com","skipTlsVerify":true}""");
    assertThat(updated.status).isEqualTo(200);
    assertThat(updated.body.get("skipTlsVerify").asBoolean()).isTrue();
    assertThat(updated.body.get("hasSecret").asBoolean()).isTrue();

    String stored =
        jdbc.sql("SELECT string_agg(ciphertext, ',') FROM secrets").query(String.class).single();
    assertThat(stored).doesNotContain("very-secret");

    assertThat(send("DELETE", "/api/forward/profiles/other", null).status).isEqualTo(204);
    assertThat(send("GET", "/api/forward/profiles/other", null).status).isEqualTo(404);
  }

  @Test
  void invalidInputNamesTheField() throws Exception {
    Res noPassword = send("POST", "/api/forward/profiles", "{\"name\":\"x\",\"username\":\"k\"}");
    assertThat(noPassword.status).isEqualTo(400);
    assertThat(noPassword.raw).contains("password");

    send("POST", "/api/forward/profiles", "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\"}");
    Res badType =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"w","deployment":"d","deploymentType":"vmware","devices":[{"name":"a","kind":"eos","host":"h"}]}""");
    assertThat(badType.status).isEqualTo(400);
    assertThat(badType.raw).contains("deploymentType");

    Res mixedLogins =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"w","deployment":"d","deploymentType":"labpp","devices":[
          {"name":"a","kind":"eos","host":"10.0.0.1","password":"one"},
          {"name":"b","kind":"eos","host":"10.0.0.2","password":"two"}]}""");
    assertThat(mixedLogins.status).isEqualTo(400);
    assertThat(mixedLogins.raw).contains("devices[1].password");
  }

  /**
   * Upstream parity (issue #10, item 6): kind aliases resolve to the kind Ferry knows, missing
   * logins come from the lab-image catalogue, and a Forward type override must be one of the
   * OpenAPI's ClassicDeviceType values.
   */
  @Test
  void kindAliasesDefaultLoginsAndCheckedTypeOverrides() throws Exception {
    send("POST", "/api/forward/profiles", "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\"}");
    String workspace = "parity-" + user;
    Res badType =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"%s","deployment":"lab","deploymentType":"labpp","devices":[
          {"name":"a","kind":"eos","host":"10.0.0.1","type":"arista_eos_ssh"},
          {"name":"b","kind":"eos","host":"10.0.0.2","type":"linux_os_ssh"}]}"""
                .formatted(workspace));
    assertThat(badType.status).isEqualTo(400);
    assertThat(badType.body.at("/errors/0/field").asText()).isEqualTo("devices[1].type");
    assertThat(send("GET", "/api/forward/deployments/" + workspace + "/lab", null).status)
        .as("nothing stored")
        .isEqualTo(404);

    Res ok =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"%s","deployment":"lab","deploymentType":"labpp","devices":[
          {"name":"a","kind":"arista-eos","host":"10.0.0.1"},
          {"name":"b","kind":"vr-vmx","host":"10.0.0.2"},
          {"name":"c","kind":"XRd","host":"10.0.0.3","type":"cisco_ios_xr_ssh"},
          {"name":"d","kind":"iosxr","host":"10.0.0.4"}],
         "linuxHosts":[{"name":"h","kind":"alpine","host":"10.0.0.9"}]}"""
                .formatted(workspace));
    assertThat(ok.status).isEqualTo(202);
    started.add(ok.body.get("workflowId").asText());
    String deploymentId =
        jdbc.sql("SELECT id::text FROM forward_deployments WHERE workspace = ? AND name = 'lab'")
            .param(workspace)
            .query(String.class)
            .single();
    assertThat(
            jdbc.sql(
                    "SELECT name || ':' || kind || ':' || coalesce(forward_type, '-')"
                        + " FROM forward_deployment_devices WHERE deployment_id = ?::uuid ORDER BY name")
                .param(deploymentId)
                .query(String.class)
                .list())
        .containsExactly("a:eos:-", "b:vmx:-", "c:xrd:cisco_ios_xr_ssh", "d:iosxr:-", "h:linux:-");
    assertThat(
            jdbc.sql(
                    "SELECT kind || ':' || username FROM forward_deployment_credentials"
                        + " WHERE deployment_id = ?::uuid ORDER BY kind")
                .param(deploymentId)
                .query(String.class)
                .list())
        .containsExactly("eos:admin", "iosxr:clab", "linux:root", "vmx:admin", "xrd:admin");
  }

  /** BYOS option A reaches devices only through the user's collector, so it must be named. */
  @Test
  void byosOptionAWithoutACollectorIsRefusedNamingTheField() throws Exception {
    send("POST", "/api/forward/profiles", "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\"}");
    Res refused =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"w","deployment":"byos-a","deploymentType":"byos","devices":[{"name":"a","kind":"eos","host":"h"}]}""");
    assertThat(refused.status).isEqualTo(400);
    assertThat(refused.body.at("/errors/0/field").asText()).isEqualTo("collector");
    assertThat(refused.raw).contains("option A").contains("preferredCollector");
    assertThat(
            jdbc.sql("SELECT count(*) FROM forward_deployments WHERE name = 'byos-a'")
                .query(Integer.class)
                .single())
        .as("a refused request changes nothing")
        .isZero();

    Res wrongType =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"w","deployment":"c","deploymentType":"labpp","collector":"mine","devices":[{"name":"a","kind":"eos","host":"h"}]}""");
    assertThat(wrongType.status).isEqualTo(400);
    assertThat(wrongType.body.at("/errors/0/field").asText()).isEqualTo("collector");

    Res named =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"w","deployment":"byos-a","deploymentType":"byos","collector":"my-collector","devices":[{"name":"a","kind":"eos","host":"h"}]}""");
    assertThat(named.status).isEqualTo(202);
    started.add(named.body.get("workflowId").asText());
    assertThat(
            jdbc.sql("SELECT collector_name FROM forward_deployments WHERE name = 'byos-a'")
                .query(String.class)
                .single())
        .isEqualTo("my-collector");
  }

  @Test
  void theFerryBastionIsForByosAloneAndRotatesOnlyOnceAssigned() throws Exception {
    send("POST", "/api/forward/profiles", "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\"}");
    String devices = "\"devices\":[{\"name\":\"a\",\"kind\":\"eos\",\"host\":\"10.0.0.1\"}]";
    Res notByos =
        send(
            "POST",
            "/api/forward/deployments/sync",
            "{\"workspace\":\"w\",\"deployment\":\"d\",\"deploymentType\":\"labpp\",\"bastion\":true,"
                + devices
                + "}");
    assertThat(notByos.status).isEqualTo(400);
    assertThat(notByos.body.at("/errors/0/field").asText()).isEqualTo("bastion");
    Res both =
        send(
            "POST",
            "/api/forward/deployments/sync",
            "{\"workspace\":\"w\",\"deployment\":\"d\",\"deploymentType\":\"byos\",\"bastion\":true,"
                + "\"jumpServer\":{\"host\":\"j\",\"username\":\"u\",\"password\":\"p\"},"
                + devices
                + "}");
    assertThat(both.status).isEqualTo(400);
    assertThat(both.body.at("/errors/0/field").asText()).isEqualTo("bastion");
    Res notBoolean =
        send(
            "POST",
            "/api/forward/deployments/sync",
            "{\"workspace\":\"w\",\"deployment\":\"d\",\"deploymentType\":\"byos\",\"bastion\":\"yes\","
                + devices
                + "}");
    assertThat(notBoolean.status).isEqualTo(400);
    assertThat(notBoolean.raw).contains("bastion");

    String workspace = "bastion-" + user;
    Res synced =
        send(
            "POST",
            "/api/forward/deployments/sync",
            "{\"workspace\":\""
                + workspace
                + "\",\"deployment\":\"lab\",\"deploymentType\":\"byos\",\"bastion\":true,\"collector\":\"my-collector\","
                + devices
                + "}");
    assertThat(synced.status).isEqualTo(202);
    started.add(synced.body.get("workflowId").asText());
    // the sync assigns the bastion; until then there is no key to rotate
    Res early = send("POST", "/api/forward/deployments/" + workspace + "/lab/bastion/rotate", "{}");
    assertThat(early.status).isEqualTo(409);
    assertThat(early.raw).contains("has no Ferry bastion");
    String otherToken = users.issueToken(users.create(user + "b", Role.USER).id(), "t").token();
    assertThat(
            send(
                    "POST",
                    "/api/forward/deployments/" + workspace + "/lab/bastion/rotate",
                    "{}",
                    otherToken)
                .status)
        .isEqualTo(403);
  }

  @Test
  void oneSyncPerDeploymentAndNoDeviceSecretInResponses() throws Exception {
    send("POST", "/api/forward/profiles", "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\"}");
    String workspace = "ws-" + user;
    String body =
        """
        {"workspace":"%s","deployment":"lab","deploymentType":"clabernetes",
         "devices":[{"name":"r1","kind":"eos","host":"r1.lab.svc","password":"dev-secret-77"}],
         "linuxHosts":[{"name":"h1","kind":"linux","host":"h1.lab.svc"}]}"""
            .formatted(workspace);
    Res first = send("POST", "/api/forward/deployments/sync", body);
    assertThat(first.status).isEqualTo(202);
    String workflowId = first.body.get("workflowId").asText();
    started.add(workflowId);
    assertThat(workflowId).isEqualTo("forward-sync/" + workspace + "/lab");
    assertThat(first.body.get("alreadyRunning").asBoolean()).isFalse();
    assertThat(first.body.get("webUiUrl").asText()).contains("forward-sync%2F" + workspace);

    Res again = send("POST", "/api/forward/deployments/sync", body);
    assertThat(again.status).isEqualTo(202);
    assertThat(again.body.get("alreadyRunning").asBoolean()).isTrue();
    assertThat(again.body.get("runId").asText()).isEqualTo(first.body.get("runId").asText());
    // joining the running sync leaves its device list as it was
    Res changed =
        send(
            "POST",
            "/api/forward/deployments/sync",
            body.replace(
                "\"devices\":[",
                "\"devices\":[{\"name\":\"r2\",\"kind\":\"eos\",\"host\":\"r2.lab.svc\",\"password\":\"dev-secret-77\"},"));
    assertThat(changed.body.get("alreadyRunning").asBoolean()).isTrue();
    assertThat(changed.body.get("runId").asText()).isEqualTo(first.body.get("runId").asText());

    Res status = send("GET", "/api/forward/deployments/" + workspace + "/lab", null);
    assertThat(status.body.get("devices").asInt()).isEqualTo(1);
    assertThat(status.body.get("linuxHosts").asInt()).isEqualTo(1);
    assertThat(status.body.at("/sync/status").asText()).isEqualTo("RUNNING");
    assertThat(status.raw).doesNotContain("dev-secret-77");
    assertThat(send("POST", "/api/forward/deployments/" + workspace + "/lab/destroy", "{}").status)
        .isEqualTo(409);

    String history = workflows.fetchHistory(workflowId).toJson(false);
    assertThat(history).doesNotContain("dev-secret-77");

    String otherToken = users.issueToken(users.create(user + "x", Role.USER).id(), "t").token();
    assertThat(
            send("GET", "/api/forward/deployments/" + workspace + "/lab", null, otherToken).status)
        .isEqualTo(403);
  }

  @Test
  void aProfileInUseIsNotDeletedAndItsCollectorsAreItsOwnersAlone() throws Exception {
    String workspace = profilePInUse("wsd-");
    long collectorsBefore = storedCollectors();

    Res refused = send("DELETE", "/api/forward/profiles/p", null);
    assertThat(refused.status).isEqualTo(409);
    assertThat(refused.raw).contains("used by a deployment").contains("force=true");
    assertThat(send("GET", "/api/forward/profiles/p", null).status).isEqualTo(200);
    assertThat(send("GET", "/api/forward/deployments/" + workspace + "/lab", null).status)
        .isEqualTo(200);
    assertThat(storedCollectors()).as("nothing was deleted in Forward").isEqualTo(collectorsBefore);

    String otherToken = users.issueToken(users.create(user + "c", Role.USER).id(), "t").token();
    assertThat(send("GET", "/api/forward/profiles/p/collectors", null, otherToken).status)
        .isEqualTo(404);
    assertThat(
            send("POST", "/api/forward/profiles/p/collectors/reregister", "{}", otherToken).status)
        .isEqualTo(404);
    assertThat(send("DELETE", "/api/forward/profiles/p?force=true", null, otherToken).status)
        .isEqualTo(404);
    assertThat(send("DELETE", "/api/forward/profiles/p?force=maybe", null).status)
        .as("a malformed force is refused, not a delete")
        .isEqualTo(400);
    assertThat(send("GET", "/api/forward/profiles/p", null).status).isEqualTo(200);
  }

  @Test
  void aForcedDeleteForgetsTheProfileWithItsDeploymentsButNeverAnotherUsers() throws Exception {
    String workspace = profilePInUse("wsf-");
    long secretsBefore = storedSecrets();

    String otherToken = users.issueToken(users.create(user + "f", Role.USER).id(), "t").token();
    Res foreign = send("DELETE", "/api/forward/profiles/p?force=true", null, otherToken);
    assertThat(foreign.status).isEqualTo(404);
    assertThat(foreign.contentType).startsWith("application/problem+json");
    assertThat(send("GET", "/api/forward/profiles/p", null).status).isEqualTo(200);
    assertThat(send("GET", "/api/forward/deployments/" + workspace + "/lab", null).status)
        .isEqualTo(200);
    assertThat(storedSecrets()).as("nothing was deleted").isEqualTo(secretsBefore);

    assertThat(send("DELETE", "/api/forward/profiles/p?force=true", null).status).isEqualTo(204);
    assertThat(send("GET", "/api/forward/profiles/p", null).status).isEqualTo(404);
    assertThat(send("GET", "/api/forward/deployments/" + workspace + "/lab", null).status)
        .as("the deployments that used it are forgotten")
        .isEqualTo(404);
    assertThat(storedSecrets())
        .as("the profile's password and the device password are deleted with them")
        .isEqualTo(secretsBefore - 2);
    assertThat(send("DELETE", "/api/forward/profiles/p?force=true", null).status)
        .as("deleting it again finds nothing")
        .isEqualTo(404);
  }

  /**
   * The caller's profile {@code p} (the default), used by deployment {@code lab} of a new workspace
   * (one device with its password) whose sync stays running; returns the workspace.
   */
  private String profilePInUse(String workspacePrefix) throws Exception {
    send("POST", "/api/forward/profiles", "{\"name\":\"p\",\"username\":\"k\",\"password\":\"s\"}");
    String workspace = workspacePrefix + user;
    Res sync =
        send(
            "POST",
            "/api/forward/deployments/sync",
            """
        {"workspace":"%s","deployment":"lab","deploymentType":"clabernetes",
         "devices":[{"name":"r1","kind":"eos","host":"r1.lab.svc","password":"dev-pw-1"}]}"""
                .formatted(workspace));
    assertThat(sync.status).isEqualTo(202);
    started.add(sync.body.get("workflowId").asText());
    return workspace;
  }

  private long storedSecrets() {
    return jdbc.sql("SELECT count(*) FROM secrets").query(Long.class).single();
  }

  private long storedCollectors() {
    return jdbc.sql("SELECT count(*) FROM forward_collectors").query(Long.class).single();
  }

  record Res(int status, String raw, JsonNode body, String contentType) {}

  private Res send(String method, String path, String json) throws Exception {
    return send(method, path, json, token);
  }

  private Res send(String method, String path, String json, String bearer) throws Exception {
    Http.Resp response =
        new Http("http://127.0.0.1:" + port, null, null).bearer(bearer).send(method, path, json);
    String raw = response.body();
    return new Res(
        response.status(),
        raw,
        raw == null || raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw),
        response.header("Content-Type"));
  }
}
