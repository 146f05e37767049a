package dev.ferry.sandbox.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Http;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwardSandboxTest {
  private ForwardSandbox fwd;
  private Http api;

  @BeforeEach
  void start() {
    fwd =
        new ForwardSandbox()
            .user("key", "secret")
            .user("other", "pw")
            .collectionTiming(
                Duration.ofMillis(250), Duration.ofMillis(400), Duration.ofMillis(1000))
            .start(0);
    api = new Http(fwd.baseUrl(), "key", "secret");
  }

  @AfterEach
  void stop() {
    fwd.stop();
  }

  private String network(String name) throws Exception {
    Http.Resp r = api.post("/api/networks?name=" + name, null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("id").asText();
  }

  private void bindNewCollector(String networkId, String collectorName) throws Exception {
    String username =
        api.post("/api/collectors", Map.of("collectorName", collectorName))
            .json()
            .get("username")
            .asText();
    api.send("PUT", "/api/networks/" + networkId + "/collector", Map.of("username", username));
  }

  private String startTask(String networkId) throws Exception {
    return api.post(
            "/api/collector-tasks?networkId=" + networkId + "&type=NETWORK_COLLECTION", null)
        .json()
        .get("taskId")
        .asText();
  }

  private static void assertErrorInfo(Http.Resp r, int status, String method, String url) {
    assertThat(r.status()).isEqualTo(status);
    JsonNode j = r.json();
    assertThat(j.get("httpMethod").asText()).isEqualTo(method);
    assertThat(j.get("apiUrl").asText()).isEqualTo(url);
    assertThat(j.get("message").asText()).isNotBlank();
  }

  @Test
  void everyApiRouteNeedsBasicAuth() throws Exception {
    Http anon = new Http(fwd.baseUrl(), null, null);
    assertErrorInfo(anon.get("/api/version"), 401, "GET", "/api/version");
    assertErrorInfo(api.as("key", "wrong").get("/api/networks"), 401, "GET", "/api/networks");
    assertErrorInfo(
        api.as("nobody", "secret").post("/api/networks?name=x", null),
        401,
        "POST",
        "/api/networks");
    // unknown routes are also behind auth
    assertThat(anon.get("/api/does-not-exist").status()).isEqualTo(401);
    assertThat(fwd.networkCount()).isZero();
  }

  @Test
  void versionProbe() throws Exception {
    JsonNode v = api.get("/api/version").json();
    assertThat(v.get("version").asText()).isEqualTo("26.6.0");
    assertThat(v.get("release").asText()).startsWith("26.6.0-");
    assertThat(v.has("build")).isTrue();
  }

  @Test
  void unknownRouteAndRetiredCollectorStatusAre404() throws Exception {
    Http.Resp r = api.get("/api/nope");
    assertErrorInfo(r, 404, "GET", "/api/nope");
    assertThat(r.json().get("message").asText()).isEqualTo("No endpoint GET /api/nope.");

    String id = network("lab");
    Http.Resp status = api.get("/api/networks/" + id + "/collector/status");
    assertThat(status.status()).isEqualTo(404);
    assertThat(status.json().get("message").asText())
        .isEqualTo("No endpoint GET /api/networks/" + id + "/collector/status.");
    // pitfalls §12: no /jump-servers, no POST collector/start, no GET of a single network
    assertThat(api.post("/api/networks/" + id + "/jump-servers", Map.of("host", "h")).status())
        .isEqualTo(404);
    assertThat(api.post("/api/networks/" + id + "/collector/start", null).status()).isEqualTo(404);
    assertThat(api.get("/api/networks/" + id).status()).isEqualTo(404);
  }

  @Test
  void collectorKeyIsShownOnlyAtCreationAndNamesAreUnique() throws Exception {
    Http.Resp created = api.post("/api/collectors", Map.of("collectorName", "skyforge-alice"));
    assertThat(created.status()).isEqualTo(200);
    JsonNode c = created.json();
    String username = c.get("username").asText();
    assertThat(c.get("authorizationKey").asText())
        .startsWith(username + ":")
        .hasSizeGreaterThan(username.length() + 10);

    JsonNode list = api.get("/api/collectors").json();
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).has("authorizationKey")).isFalse();
    assertThat(list.get(0).get("connectionStatus").asText()).isEqualTo("CONNECTED");
    JsonNode byName = api.get("/api/collectors/skyforge-alice").json();
    assertThat(byName.get("id").asText()).isEqualTo(c.get("id").asText());
    assertThat(byName.has("authorizationKey")).isFalse();

    Http.Resp dup = api.post("/api/collectors", Map.of("collectorName", "skyforge-alice"));
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.json().get("message").asText())
        .isEqualTo("Collector named skyforge-alice already exists");

    assertThat(api.send("DELETE", "/api/collectors/" + c.get("id").asText(), null).status())
        .isBetween(200, 299);
    assertThat(api.send("DELETE", "/api/collectors/" + c.get("id").asText(), null).status())
        .isEqualTo(404);
  }

  @Test
  void networksLifecycleAndCaseInsensitiveDuplicates() throws Exception {
    Http.Resp r = api.post("/api/networks?name=mylab-alice", null);
    JsonNode n = r.json();
    assertThat(n.get("name").asText()).isEqualTo("mylab-alice");
    assertThat(n.get("orgId").isTextual()).isTrue();
    assertThat(n.get("id").isTextual()).isTrue();
    assertThat(n.get("creator").asText()).isEqualTo("key");
    String id = n.get("id").asText();

    Http.Resp dup = api.post("/api/networks?name=MyLab-Alice", null);
    assertErrorInfo(dup, 409, "POST", "/api/networks");
    assertThat(dup.json().get("message").asText()).contains("already exists");
    assertThat(api.post("/api/networks", null).status()).isEqualTo(400);

    JsonNode patched =
        api.send("PATCH", "/api/networks/" + id, Map.of("note", "Skyforge deployment mylab"))
            .json();
    assertThat(patched.get("note").asText()).isEqualTo("Skyforge deployment mylab");
    assertThat(api.send("PATCH", "/api/networks/" + id, Map.of("bogus", 1)).status())
        .isEqualTo(400);

    assertThat(api.get("/api/networks").json()).hasSize(1);
    Http.Resp del = api.send("DELETE", "/api/networks/" + id, null);
    assertThat(del.status()).isEqualTo(200);
    assertThat(del.json().get("id").asText()).isEqualTo(id);
    assertThat(api.send("DELETE", "/api/networks/" + id, null).status()).isEqualTo(404);
    assertThat(api.get("/api/networks").json()).isEmpty();
  }

  @Test
  void collectorBinding() throws Exception {
    String id = network("lab");
    String username =
        api.post("/api/collectors", Map.of("collectorName", "c1")).json().get("username").asText();
    JsonNode unbound = api.get("/api/networks/" + id + "/collector").json();
    assertThat(unbound.isObject()).isTrue();
    assertThat(unbound.size()).isZero();

    assertThat(
            api.send("PUT", "/api/networks/" + id + "/collector", Map.of("username", "ghost"))
                .status())
        .isEqualTo(400);
    assertThat(
            api.send(
                    "PUT",
                    "/api/networks/" + id + "/collector",
                    Map.of("collectorUsername", username))
                .status())
        .isEqualTo(400);
    assertThat(
            api.post("/api/networks/" + id + "/collector", Map.of("username", username)).status())
        .isEqualTo(404);
    assertThat(
            api.send("PUT", "/api/networks/" + id + "/collector", Map.of("username", username))
                .status())
        .isBetween(200, 299);
    JsonNode bound = api.get("/api/networks/" + id + "/collector").json();
    assertThat(bound.get("username").asText()).isEqualTo(username);
    assertThat(bound.get("name").asText()).isEqualTo("c1");

    api.send("DELETE", "/api/networks/" + id + "/collector", null);
    assertThat(api.get("/api/networks/" + id + "/collector").json().size()).isZero();
  }

  @Test
  void cliCredentialsNeverEchoSecretsAndRejectDuplicates() throws Exception {
    String id = network("lab");
    String path = "/api/networks/" + id + "/cli-credentials";
    Http.Resp r =
        api.post(
            path,
            Map.of(
                "type",
                "LOGIN",
                "name",
                "mylab-eos",
                "username",
                "admin",
                "password",
                "admin-pw",
                "autoAssociate",
                true));
    assertThat(r.status()).isEqualTo(200);
    JsonNode c = r.json();
    assertThat(c.get("id").asText()).matches("L-\\d+");
    assertThat(c.get("password").asText()).isNotEqualTo("admin-pw").isNotBlank();
    assertThat(r.body()).doesNotContain("admin-pw");

    Http.Resp dup =
        api.post(
            path, Map.of("type", "LOGIN", "name", "MYLAB-EOS", "username", "x", "password", "y"));
    assertErrorInfo(dup, 409, "POST", path);
    assertThat(dup.json().get("message").asText()).contains(c.get("id").asText());

    // required fields per spec type
    assertThat(api.post(path, Map.of("name", "n", "username", "u", "password", "p")).status())
        .isEqualTo(400);
    assertThat(api.post(path, Map.of("type", "LOGIN", "name", "n2", "password", "p")).status())
        .isEqualTo(400);
    assertThat(api.post(path, Map.of("type", "API_KEY", "name", "n3", "password", "p")).status())
        .isEqualTo(400);
    assertThat(
            api.post(path, Map.of("type", "PRIVILEGED_MODE", "name", "enable", "password", "p"))
                .status())
        .isEqualTo(200);

    JsonNode list = api.get(path).json();
    assertThat(list).hasSize(2);
    assertThat(list.toString()).doesNotContain("admin-pw");
    assertThat(list.get(0).has("createdAt")).isTrue();

    String cid = c.get("id").asText();
    assertThat(api.send("PATCH", path + "/" + cid, Map.of("password", "new-pw")).body())
        .doesNotContain("new-pw");
    assertThat(api.send("DELETE", path + "/" + cid, null).status()).isEqualTo(204);
    assertThat(api.get(path + "/" + cid).status()).isEqualTo(404);
  }

  @Test
  void jumpServersUseCamelCaseRouteAndHideKeys() throws Exception {
    String id = network("lab");
    String path = "/api/networks/" + id + "/jumpServers";
    String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc";
    JsonNode j =
        api.post(
                path,
                Map.of(
                    "host",
                    "jump.example.net",
                    "port",
                    22,
                    "username",
                    "alice",
                    "sshKey",
                    key,
                    "supportsPortForwarding",
                    true))
            .json();
    assertThat(j.get("id").asText()).matches("J-\\d+");
    assertThat(j.get("sshKey").asText()).doesNotContain("PRIVATE");
    assertThat(api.post(path, Map.of("host", "h", "username", "u")).status()).isEqualTo(400);
    assertThat(
            api.post(path, Map.of("host", "h", "username", "u", "privateKey", "k"))
                .json()
                .get("message")
                .asText())
        .contains("Unrecognized field \"privateKey\"");
    assertThat(api.get(path).body()).doesNotContain("PRIVATE");
    assertThat(api.send("DELETE", path + "/" + j.get("id").asText(), null).status()).isEqualTo(200);
  }

  @Test
  void putBatchIsIdempotentUpsertAndReturns204() throws Exception {
    String id = network("lab");
    String path = "/api/networks/" + id + "/classic-devices";
    List<Map<String, Object>> batch =
        List.of(
            Map.of(
                "name", "spine1", "type", "arista_eos_ssh", "host", "10.0.0.11", "collect", false),
            Map.of("name", "leaf1", "host", "10.0.0.21"));
    Http.Resp first = api.post(path + "?action=putBatch", batch);
    assertThat(first.status()).isEqualTo(204);
    assertThat(first.body()).isEmpty();
    assertThat(api.post(path + "?action=putBatch", batch).status()).isEqualTo(204);
    assertThat(fwd.deviceCount(id)).isEqualTo(2);

    // update by name (ignoring case), collect omitted -> unchanged
    assertThat(
            api.post(
                    path + "?action=putBatch",
                    List.of(Map.of("name", "SPINE1", "host", "10.0.0.99")))
                .status())
        .isEqualTo(204);
    JsonNode devices = api.get(path).json().get("devices");
    assertThat(devices).hasSize(2);
    JsonNode spine = api.get(path + "/spine1").json();
    assertThat(spine.get("host").asText()).isEqualTo("10.0.0.99");
    assertThat(spine.get("collect").asBoolean()).isFalse();
    assertThat(api.get(path + "/leaf1").json().get("collect").asBoolean()).isTrue();

    // putBatch never deletes devices missing from the batch
    api.post(path + "?action=putBatch", List.of(Map.of("name", "leaf2", "host", "10.0.0.22")));
    assertThat(fwd.deviceCount(id)).isEqualTo(3);

    // getBatch / deleteBatch / deleteAll
    JsonNode got =
        api.post(path + "?action=getBatch", Map.of("names", List.of("leaf1", "leaf2"))).json();
    assertThat(got.get("devices")).hasSize(2);
    assertThat(api.post(path + "?action=deleteBatch", Map.of("names", List.of("leaf2"))).status())
        .isEqualTo(204);
    assertThat(fwd.deviceCount(id)).isEqualTo(2);
    assertThat(api.post(path + "?action=deleteAll", null).status()).isEqualTo(204);
    assertThat(fwd.deviceCount(id)).isZero();
  }

  @Test
  void classicDeviceValidation() throws Exception {
    String id = network("lab");
    String path = "/api/networks/" + id + "/classic-devices";
    Http.Resp unknown =
        api.post(path + "?action=putBatch", List.of(Map.of("name", "s1", "host", "h", "foo", 1)));
    assertErrorInfo(unknown, 400, "POST", path);
    assertThat(unknown.json().get("message").asText()).startsWith("Unrecognized field \"foo\"");
    assertThat(
            api.post(
                    path + "?action=putBatch",
                    Map.of("devices", List.of(Map.of("name", "s1", "host", "h"))))
                .status())
        .isEqualTo(400);
    assertThat(api.send("PUT", path, Map.of("devices", List.of())).status()).isEqualTo(404);
    assertThat(
            api.post(
                    path + "?action=putBatch",
                    List.of(Map.of("name", "s1", "host", "h", "type", "linux_os_ssh")))
                .status())
        .isEqualTo(400);
    assertThat(
            api.post(path + "?action=putBatch", List.of(Map.of("name", "bad name", "host", "h")))
                .status())
        .isEqualTo(400);
    assertThat(api.post(path + "?action=putBatch", List.of(Map.of("name", "s1"))).status())
        .isEqualTo(400);

    Http.Resp missingJump =
        api.post(
            path + "?action=putBatch",
            List.of(Map.of("name", "s1", "host", "h", "jumpServerId", "J-9")));
    assertThat(missingJump.status()).isEqualTo(400);
    assertThat(missingJump.json().get("message").asText()).isEqualTo("jump server J-9 not found");
    assertThat(
            api.post(
                    path + "?action=putBatch",
                    List.of(Map.of("name", "s1", "host", "h", "cliCredentialId", "L-77")))
                .status())
        .isEqualTo(400);
    // a failing batch changes nothing
    assertThat(
            api.post(
                    path + "?action=putBatch",
                    List.of(
                        Map.of("name", "ok1", "host", "h"),
                        Map.of("name", "s2", "host", "h", "jumpServerId", "J-9")))
                .status())
        .isEqualTo(400);
    assertThat(fwd.deviceCount(id)).isZero();

    Http.Resp single = api.post(path, Map.of("name", "spine1", "host", "10.0.0.1"));
    assertThat(single.status()).isEqualTo(201);
    assertThat(single.json().get("name").asText()).isEqualTo("spine1");
    assertThat(api.post(path, Map.of("name", "Spine1", "host", "10.0.0.1")).status())
        .isEqualTo(409);
    assertThat(
            api.post(path + "?action=addBatch", List.of(Map.of("name", "SPINE1", "host", "x")))
                .status())
        .isEqualTo(409);
    assertThat(
            api.send("PUT", path + "/spine1", Map.of("name", "spine1", "host", "10.0.0.2"))
                .status())
        .isEqualTo(200);
    assertThat(api.send("DELETE", path + "/spine1", null).status()).isEqualTo(204);
    assertThat(api.get(path + "/spine1").status()).isEqualTo(404);
  }

  @Test
  void endpointsAreAddOnlyAndShareTheNamespaceWithDevices() throws Exception {
    String id = network("lab");
    String cred =
        api.post(
                "/api/networks/" + id + "/cli-credentials",
                Map.of("type", "LOGIN", "name", "linux", "username", "root", "password", "admin"))
            .json()
            .get("id")
            .asText();
    JsonNode profiles = api.get("/api/endpoint-profiles").json();
    assertThat(profiles.get("profiles").isArray()).isTrue();
    JsonNode profile =
        api.post(
                "/api/endpoint-profiles?type=CLI",
                Map.of(
                    "name",
                    "Linux",
                    "type",
                    "CLI",
                    "customCommands",
                    List.of(),
                    "commandSets",
                    List.of("UNIX")))
            .json();
    assertThat(profile.get("id").asText()).matches("CLI-\\d+");

    String path = "/api/networks/" + id + "/endpoints";
    List<Map<String, Object>> batch =
        List.of(
            Map.of(
                "type",
                "CLI",
                "name",
                "h1",
                "host",
                "10.0.0.50",
                "port",
                22,
                "protocol",
                "SSH",
                "credentialId",
                cred,
                "profileId",
                profile.get("id").asText(),
                "collect",
                true));
    Http.Resp added = api.post(path + "?action=addBatch&type=CLI", batch);
    assertThat(added.status()).isEqualTo(204);
    assertThat(added.body()).isEmpty();
    Http.Resp again = api.post(path + "?action=addBatch&type=CLI", batch);
    assertThat(again.status()).isIn(400, 409);
    assertThat(again.json().get("message").asText()).contains("already exists");
    assertThat(fwd.endpointCount(id)).isEqualTo(1);

    assertThat(api.post(path + "?action=addBatch&type=CLI", Map.of("endpoints", batch)).status())
        .isEqualTo(400);
    Http.Resp wrongField =
        api.post(
            path + "?action=addBatch&type=CLI",
            List.of(
                Map.of("type", "CLI", "name", "h2", "host", "10.0.0.51", "cliCredentialId", cred)));
    assertThat(wrongField.status()).isEqualTo(400);
    assertThat(wrongField.json().get("message").asText())
        .contains("Unrecognized field \"cliCredentialId\"");

    // devices and endpoints share one case-insensitive namespace
    assertThat(
            api.post(
                    "/api/networks/" + id + "/classic-devices?action=putBatch",
                    List.of(Map.of("name", "H1", "host", "10.0.0.1")))
                .status())
        .isIn(400, 409);
    api.post(
        "/api/networks/" + id + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "r1", "host", "h")));
    assertThat(
            api.post(
                    path + "?action=addBatch&type=CLI",
                    List.of(Map.of("type", "CLI", "name", "R1", "host", "h")))
                .status())
        .isIn(400, 409);

    JsonNode list = api.get(path).json();
    assertThat(list.get("endpoints")).hasSize(1);
    assertThat(list.get("endpoints").get(0).get("credentialId").asText()).isEqualTo(cred);
    assertThat(api.post(path + "?action=deleteBatch", Map.of("names", List.of("H1"))).status())
        .isEqualTo(204);
    assertThat(fwd.endpointCount(id)).isZero();
    assertThat(api.post(path + "?action=addBatch&type=CLI", batch).status()).isEqualTo(204);
  }

  @Test
  void collectionTaskLifecycleAndSnapshots() throws Exception {
    // Phases long enough that a loaded machine still sees each state before the next begins.
    new Http(fwd.baseUrl(), null, null)
        .post(
            "/__sandbox/forward",
            Map.of("queuedMs", 1500, "runningMs", 1500, "processingMs", 3000));
    String id = network("lab");
    bindNewCollector(id, "c1");

    Http.Resp noDevices = api.post("/api/networks/" + id + "/startcollection", null);
    assertThat(noDevices.status()).isEqualTo(400);
    assertThat(noDevices.json().get("message").asText()).contains("No valid devices");
    assertThat(api.get("/api/networks/" + id + "/snapshots/latestProcessed").status())
        .isEqualTo(404);

    api.post(
        "/api/networks/" + id + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "s1", "host", "h")));
    Http.Resp started =
        api.post("/api/collector-tasks?networkId=" + id + "&type=NETWORK_COLLECTION", null);
    assertThat(started.status()).isEqualTo(200);
    String taskId = started.json().get("taskId").asText();
    assertThat(taskId).startsWith("P");
    assertThat(
            api.post("/api/collector-tasks?networkId=" + id + "&type=NETWORK_COLLECTION", null)
                .status())
        .isEqualTo(409);
    assertThat(api.post("/api/collector-tasks?networkId=" + id + "&type=SOMETHING", null).status())
        .isEqualTo(400);

    JsonNode t = api.get("/api/collector-tasks/" + taskId).json();
    assertThat(t.get("status").asText()).isEqualTo("QUEUED");
    assertThat(t.get("networkId").asText()).isEqualTo(id);
    assertThat(t.get("type").asText()).isEqualTo("NETWORK_COLLECTION");

    List<String> seen = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 15000;
    String status;
    do {
      status = api.get("/api/collector-tasks/" + taskId).json().get("status").asText();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      Thread.sleep(40);
    } while (!status.equals("SUCCEEDED") && System.currentTimeMillis() < deadline);
    assertThat(seen).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
    JsonNode done = api.get("/api/collector-tasks/" + taskId).json();
    assertThat(done.has("startedAt")).isTrue();
    assertThat(done.has("finishedAt")).isTrue();

    // snapshot processing (3 s) -> 409 ErrorInfo first, then PROCESSED
    Http.Resp processing = api.get("/api/networks/" + id + "/snapshots/latestProcessed");
    assertErrorInfo(processing, 409, "GET", "/api/networks/" + id + "/snapshots/latestProcessed");
    Thread.sleep(3100);
    JsonNode snap = api.get("/api/networks/" + id + "/snapshots/latestProcessed").json();
    assertThat(snap.get("state").asText()).isEqualTo("PROCESSED");
    assertThat(snap.get("processingTrigger").asText()).isEqualTo("COLLECTION");

    // a new collection may start once the previous one finished
    assertThat(
            api.post("/api/collector-tasks?networkId=" + id + "&type=NETWORK_COLLECTION", null)
                .status())
        .isEqualTo(200);
    assertThat(api.post("/api/networks/" + id + "/startcollection", null).json().size()).isZero();
    assertThat(api.get("/api/collector-tasks/P999999").status()).isEqualTo(404);
  }

  @Test
  void taskStaysQueuedWithoutConnectedCollector() throws Exception {
    String id = network("lab");
    api.post(
        "/api/networks/" + id + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "s1", "host", "h")));
    String taskId = startTask(id);
    Thread.sleep(600);
    assertThat(api.get("/api/collector-tasks/" + taskId).json().get("status").asText())
        .isEqualTo("QUEUED");
  }

  /** getCollectorTask: a task no collector ever takes ends FAILED after unboundFailMs. */
  @Test
  void taskWithoutABoundCollectorEndsFailed() throws Exception {
    fwd.unboundCollectionTimeout(Duration.ofMillis(300));
    String id = network("unbound");
    api.post(
        "/api/networks/" + id + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "s1", "host", "h")));
    String taskId = startTask(id);
    assertThat(api.get("/api/collector-tasks/" + taskId).json().get("status").asText())
        .isEqualTo("QUEUED");
    Thread.sleep(450);
    JsonNode failed = api.get("/api/collector-tasks/" + taskId).json();
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.has("finishedAt")).isTrue();

    // bound (even if disconnected) the task keeps waiting for its collector
    fwd.collectorsConnected(false);
    String bound = network("bound");
    bindNewCollector(bound, "c9");
    String waiting = startTask(bound);
    Thread.sleep(450);
    assertThat(api.get("/api/collector-tasks/" + waiting).json().get("status").asText())
        .isEqualTo("QUEUED");
  }

  /** Network.creator is the account's name, also when an API token's access key signs in. */
  @Test
  void networkCreatorIsTheAccountNotTheAccessKey() throws Exception {
    fwd.apiToken("ak-123", "sk-456", "mary");
    JsonNode n = api.as("ak-123", "sk-456").post("/api/networks?name=marys", null).json();
    assertThat(n.get("creator").asText()).isEqualTo("mary");
    JsonNode mine = api.post("/api/networks?name=keys", null).json();
    assertThat(mine.get("creator").asText()).isEqualTo("key");
    assertThat(n.get("creatorId").asText()).isNotEqualTo(mine.get("creatorId").asText());
    JsonNode listed = api.get("/api/networks").json();
    List<String> creators = new ArrayList<>();
    listed.forEach(x -> creators.add(x.get("creator").asText()));
    assertThat(creators).containsExactlyInAnyOrder("mary", "key");
  }

  /**
   * deleteClassicDevices (DeviceCriteria: names required) and deleteNetworkEndpoints (DeviceNames:
   * names optional) answer 204 and skip names the network does not have.
   */
  @Test
  void deleteBatchSkipsUnknownNamesAsTheOpenApiSays() throws Exception {
    String id = network("del");
    String devices = "/api/networks/" + id + "/classic-devices";
    api.post(devices + "?action=putBatch", List.of(Map.of("name", "s1", "host", "h")));
    assertThat(
            api.post(devices + "?action=deleteBatch", Map.of("names", List.of("nope", "S1")))
                .status())
        .isEqualTo(204);
    assertThat(fwd.deviceCount(id)).isZero();
    assertErrorInfo(api.post(devices + "?action=deleteBatch", Map.of()), 400, "POST", devices);

    String endpoints = "/api/networks/" + id + "/endpoints";
    assertThat(
            api.post(endpoints + "?action=deleteBatch", Map.of("names", List.of("ghost"))).status())
        .isEqualTo(204);
    assertThat(api.post(endpoints + "?action=deleteBatch", Map.of()).status()).isEqualTo(204);
  }

  @Test
  void rateLimitAnswers429WithRetryAfterAndLocksOut() throws Exception {
    Http admin = new Http(fwd.baseUrl(), null, null);
    assertThat(
            admin
                .post(
                    "/__sandbox/faults",
                    Map.of("rateLimit", Map.of("requestsPerMinute", 3, "lockoutSeconds", 30)))
                .status())
        .isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/api/version").status()).isEqualTo(200);
    }
    Http.Resp limited = api.get("/api/version");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 30);
    assertThat(limited.json().get("httpMethod").asText()).isEqualTo("GET");
    // locked out: still 429 even though the window would otherwise have room later
    assertThat(api.get("/api/networks").status()).isEqualTo(429);
    // per user
    assertThat(api.as("other", "pw").get("/api/version").status()).isEqualTo(200);
    // switch off at runtime
    admin.send("DELETE", "/__sandbox/faults", null);
    assertThat(api.get("/api/version").status()).isEqualTo(200);
  }

  @Test
  void lockoutExpires() throws Exception {
    fwd.rateLimit(2, Duration.ofSeconds(1));
    api.get("/api/version");
    api.get("/api/version");
    assertThat(api.get("/api/version").status()).isEqualTo(429);
    Thread.sleep(1100);
    assertThat(api.get("/api/version").status()).isEqualTo(200);
  }

  @Test
  void injectedFaultsHitOnlyMatchingRequestsAndRunOut() throws Exception {
    Http admin = new Http(fwd.baseUrl(), null, null);
    admin.post(
        "/__sandbox/faults",
        Map.of(
            "faults",
            List.of(
                Map.of("type", "503", "count", 2, "path", "/api/networks.*"),
                Map.of(
                    "type",
                    "429",
                    "count",
                    1,
                    "path",
                    "/api/collectors",
                    "retryAfterSeconds",
                    7))));
    assertThat(api.get("/api/version").status()).isEqualTo(200);
    Http.Resp first = api.get("/api/networks");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.json().has("apiUrl")).isTrue();
    assertThat(api.get("/api/networks").status()).isEqualTo(503);
    assertThat(api.get("/api/networks").status()).isEqualTo(200);
    Http.Resp throttled = api.get("/api/collectors");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("7");
    assertThat(api.get("/api/collectors").status()).isEqualTo(200);

    fwd.faults().add(dev.ferry.sandbox.core.FaultRule.status(500, 1));
    assertThat(api.get("/api/version").status()).isEqualTo(500);
    assertThat(admin.get("/__sandbox/faults").json().get("faults")).isEmpty();
  }

  @Test
  void connectionResetAndSlowFaults() throws Exception {
    Http admin = new Http(fwd.baseUrl(), null, null);
    // HttpClient silently retries a GET once after a dropped connection, so use POST (not retried)
    admin.post(
        "/__sandbox/faults",
        Map.of("faults", List.of(Map.of("type", "reset", "count", 1, "method", "POST"))));
    assertThatThrownBy(() -> api.post("/api/networks?name=lost", null))
        .isInstanceOf(IOException.class);
    assertThat(fwd.networkCount()).isZero();
    assertThat(api.post("/api/networks?name=lost", null).status()).isEqualTo(200);
    admin.post("/__sandbox/faults", Map.of("faults", List.of(Map.of("type", "reset", "count", 2))));
    assertThatThrownBy(() -> api.get("/api/version")).isInstanceOf(IOException.class);
    assertThat(api.get("/api/version").status()).isEqualTo(200);

    admin.post(
        "/__sandbox/faults", Map.of("faults", List.of(Map.of("type", "slow", "delayMs", 1500))));
    assertThatThrownBy(() -> api.timeout(Duration.ofMillis(300)).get("/api/version"))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(api.get("/api/version").status()).isEqualTo(200);
  }

  @Test
  void latencyIsApplied() throws Exception {
    fwd.latency(Duration.ofMillis(120));
    long t0 = System.nanoTime();
    api.get("/api/version");
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(120);
  }

  @Test
  void stateRouteReportsCountsPerRoute() throws Exception {
    String id = network("lab");
    api.post(
        "/api/networks/" + id + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "s1", "host", "h")));
    api.post(
        "/api/networks/" + id + "/classic-devices?action=putBatch",
        List.of(Map.of("name", "s2", "host", "h")));
    JsonNode state = new Http(fwd.baseUrl(), null, null).get("/__sandbox/state").json();
    assertThat(state.get("networks").get(0).get("classicDevices").asInt()).isEqualTo(2);
    assertThat(
            state
                .get("requests")
                .get("POST /api/networks/{networkId}/classic-devices?action=putBatch")
                .asLong())
        .isEqualTo(2);
    assertThat(fwd.requestCount("POST /api/networks")).isEqualTo(1);
  }

  @Test
  void concurrentBatchesAreSafe() throws Exception {
    String id = network("lab");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        fs.add(
            pool.submit(
                () ->
                    api.post(
                            "/api/networks/" + id + "/classic-devices?action=putBatch",
                            List.of(Map.of("name", "d" + n, "host", "10.1.0." + n)))
                        .status()));
      }
      for (Future<Integer> f : fs) {
        assertThat(f.get()).isEqualTo(204);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(fwd.deviceCount(id)).isEqualTo(40);
  }

  @Test
  void failedCollectionLeavesNoSnapshot() throws Exception {
    Http admin = new Http(fwd.baseUrl(), null, null);
    admin.post("/__sandbox/forward", Map.of("outcome", "FAILED", "queuedMs", 0, "runningMs", 50));
    String id = network("lab");
    bindNewCollector(id, "c1");
    String taskId = startTask(id);
    Thread.sleep(150);
    api.get("/api/collector-tasks/" + taskId); // advances the simulation
    Thread.sleep(100);
    assertThat(api.get("/api/collector-tasks/" + taskId).json().get("status").asText())
        .isEqualTo("FAILED");
    assertThat(api.get("/api/networks/" + id + "/snapshots/latestProcessed").status())
        .isEqualTo(404);
  }
}
