package dev.ferry.api.fort;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ApiTestContext;
import dev.ferry.api.FerryApiApplication;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.testing.TestCsr;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
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
 * The Fort API against a real PostgreSQL and Temporal dev server (schedules need the real server).
 */
@SpringBootTest(
    classes = FerryApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FortApiTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  private static final Path TOKEN_FILE = tempFile();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POCKET_ID_KEY = "pocket-id-api-key-value";
  private static final String FORGEJO_PASSWORD = "forgejo-password-value";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL, TestKeys.newKey("k1"), TOKEN_FILE);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient client;
  String token;

  @BeforeEach
  void token() throws Exception {
    token = Files.readString(TOKEN_FILE).trim();
  }

  @Test
  void aRegisteredClusterKeepsItsSecretsOutOfEveryAnswerAndGetsASchedule() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/fort/clusters",
            """
        {"name":"alpha","domain":"alpha.test",
         "pocketId":{"url":"http://127.0.0.1:1","apiKey":"%s"},
         "forgejo":{"url":"http://127.0.0.1:2","user":"forge-admin","password":"%s"},
         "beacon":{"host":"edge","listenPort":8088},"intervalSeconds":30}"""
                .formatted(POCKET_ID_KEY, FORGEJO_PASSWORD));

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode cluster = JSON.readTree(created.body());
    assertThat(cluster.path("hasPocketIdKey").asBoolean()).isTrue();
    assertThat(cluster.path("hasForgejoPassword").asBoolean()).isTrue();
    assertThat(cluster.path("signingPublicKey").asText())
        .startsWith("ssh-ed25519 ")
        .endsWith(" ferry@alpha");
    assertThat(cluster.path("caCertificatePem").asText()).contains("BEGIN CERTIFICATE");
    for (String answer :
        List.of(
            created.body(),
            get("/api/fort/clusters").body(),
            get("/api/fort/clusters/alpha").body())) {
      assertThat(answer).doesNotContain(POCKET_ID_KEY, FORGEJO_PASSWORD, "PRIVATE KEY");
    }
    // stored encrypted: no plaintext in the secrets table
    List<String> ciphertexts =
        jdbc.sql("SELECT ciphertext FROM secrets WHERE purpose LIKE 'fort:alpha:%'")
            .query(String.class)
            .list();
    assertThat(ciphertexts)
        .hasSize(4)
        .allSatisfy(
            c -> assertThat(c).doesNotContain(POCKET_ID_KEY, FORGEJO_PASSWORD, "PRIVATE KEY"));

    // Ferry is a principal of the cluster, with the role that lets it deliver and restart
    JsonNode clusterFile = JSON.readTree(get("/api/fort/clusters/alpha/agent-cluster-file").body());
    assertThat(clusterFile.at("/principals/ferry/roles/0").asText())
        .isEqualTo("credential-provider");
    assertThat(clusterFile.at("/principals/ferry/publicKeys/0").asText())
        .isEqualTo(cluster.path("signingPublicKey").asText());

    // the schedule starts ReconcileCluster for this cluster every 30 s, and can be paused and
    // resumed
    var schedule =
        io.temporal.client.schedules.ScheduleClient.newInstance(
                client.getWorkflowServiceStubs(),
                io.temporal.client.schedules.ScheduleClientOptions.newBuilder()
                    .setNamespace(TEMPORAL.name())
                    .build())
            .getHandle("fort-reconcile/alpha")
            .describe()
            .getSchedule();
    assertThat(((ScheduleActionStartWorkflow) schedule.getAction()).getWorkflowType())
        .isEqualTo("ReconcileClusterWorkflow");
    assertThat(schedule.getSpec().getIntervals().getFirst().getEvery()).hasSeconds(30);
    assertThat(send("POST", "/api/fort/clusters/alpha/schedule/pause", "").statusCode())
        .isEqualTo(204);
    assertThat(
            JSON.readTree(get("/api/fort/clusters/alpha/schedule").body())
                .path("paused")
                .asBoolean())
        .isTrue();
    assertThat(send("POST", "/api/fort/clusters/alpha/schedule/resume", "").statusCode())
        .isEqualTo(204);
    assertThat(
            JSON.readTree(get("/api/fort/clusters/alpha/schedule").body())
                .path("paused")
                .asBoolean())
        .isFalse();

    assertThat(send("DELETE", "/api/fort/clusters/alpha", "").statusCode()).isEqualTo(204);
    assertThat(
            jdbc.sql("SELECT count(*) FROM secrets WHERE purpose LIKE 'fort:alpha:%'")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(get("/api/fort/clusters/alpha").statusCode()).isEqualTo(404);
  }

  @Test
  void hostsAndPrincipalsAreValidatedAndListedWithHealth() throws Exception {
    assertThat(
            send("POST", "/api/fort/clusters", "{\"name\":\"beta\",\"domain\":\"beta.test\"}")
                .statusCode())
        .isEqualTo(201);

    HttpResponse<String> badKey =
        send(
            "PUT",
            "/api/fort/clusters/beta/hosts/web",
            "{\"agentUrl\":\"http://10.0.0.5:7443\",\"publicKey\":\"not a key\"}");
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(badKey.body()).contains("publicKey");
    HttpResponse<String> badUrl =
        send(
            "PUT",
            "/api/fort/clusters/beta/hosts/web",
            "{\"agentUrl\":\"ftp://x\",\"publicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA host\"}");
    assertThat(badUrl.statusCode()).isEqualTo(400);
    assertThat(badUrl.body()).contains("agentUrl");

    HttpResponse<String> host =
        send(
            "PUT",
            "/api/fort/clusters/beta/hosts/web",
            "{\"agentUrl\":\"http://10.0.0.5:7443\",\"publicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA host\"}");
    assertThat(host.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(host.body()).path("address").asText()).isEqualTo("10.0.0.5");
    assertThat(JSON.readTree(get("/api/fort/clusters/beta/hosts").body()).findValuesAsText("name"))
        .containsExactly("web");

    assertThat(
            send(
                    "PUT",
                    "/api/fort/clusters/beta/principals/ferry",
                    "{\"publicKeys\":[\"ssh-ed25519 AAAA x\"],\"roles\":[\"root\"]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    "PUT",
                    "/api/fort/clusters/beta/principals/ci",
                    "{\"publicKeys\":[\"ssh-ed25519 AAAA ci\"],\"roles\":[\"dev-sandbox\"]}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            JSON.readTree(get("/api/fort/clusters/beta/principals").body())
                .findValuesAsText("name"))
        .containsExactly("ci", "ferry");

    // nothing delivered yet: nothing to rotate
    assertThat(send("POST", "/api/fort/clusters/beta/hosts/web/rotate", "").statusCode())
        .isEqualTo(404);
    // once something is delivered, rotation is accepted and the host cannot silently disappear
    jdbc.sql(
            "INSERT INTO fort_fulfilments (cluster, host, service, need, fingerprint, delivered_at) "
                + "VALUES ('beta', 'web', 'wiki', 'tls', 'dns=wiki.beta.test', now())")
        .update();
    HttpResponse<String> rotation =
        send("POST", "/api/fort/clusters/beta/hosts/web/rotate?service=wiki", "");
    assertThat(rotation.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(rotation.body()).path("workflowId").asText())
        .startsWith("fort-cycle/beta/");
    assertThat(
            jdbc.sql("SELECT rotate_requested FROM fort_fulfilments WHERE host = 'web'")
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(send("DELETE", "/api/fort/clusters/beta/hosts/web", "").statusCode()).isEqualTo(409);
    assertThat(send("DELETE", "/api/fort/clusters/beta/hosts/web?forget=true", "").statusCode())
        .isEqualTo(204);
    assertThat(
            JSON.readTree(get("/api/fort/clusters/beta/audit").body()).findValuesAsText("action"))
        .contains("rotate.request");
    assertThat(
            send("POST", "/api/fort/clusters", "{\"name\":\"Bad Name\",\"domain\":\"x.test\"}")
                .body())
        .contains("\"field\":\"name\"");
  }

  @Test
  void providerSettingsAreUpdatedSealedAndTheOldSecretsDeleted() throws Exception {
    assertThat(
            send("POST", "/api/fort/clusters", "{\"name\":\"gamma\",\"domain\":\"gamma.test\"}")
                .statusCode())
        .isEqualTo(201);
    // a provider is set up whole: a key without a URL names the missing field, changes nothing
    HttpResponse<String> partial =
        send("PATCH", "/api/fort/clusters/gamma/providers", "{\"pocketId\":{\"apiKey\":\"k\"}}");
    assertThat(partial.statusCode()).isEqualTo(400);
    assertThat(partial.body()).contains("\"field\":\"pocketId.url\"");
    HttpResponse<String> badHost =
        send("PATCH", "/api/fort/clusters/gamma/providers", "{\"gitWriteHosts\":[\"a b\"]}");
    assertThat(badHost.statusCode()).isEqualTo(400);
    assertThat(badHost.body()).contains("gitWriteHosts[0]");
    assertThat(
            JSON.readTree(get("/api/fort/clusters/gamma").body())
                .path("hasPocketIdKey")
                .asBoolean())
        .isFalse();

    HttpResponse<String> set =
        send(
            "PATCH",
            "/api/fort/clusters/gamma/providers",
            """
        {"pocketId":{"url":"http://127.0.0.1:1","apiKey":"first-key-value"},
         "forgejo":{"url":"http://127.0.0.1:2","user":"forge-admin","password":"first-password"},
         "gitWriteHosts":["deploy","ci"]}""");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode view = JSON.readTree(set.body());
    assertThat(view.path("hasPocketIdKey").asBoolean()).isTrue();
    assertThat(view.path("hasForgejoPassword").asBoolean()).isTrue();
    assertThat(JSON.convertValue(view.path("gitWriteHosts"), List.class))
        .containsExactly("ci", "deploy");

    // only the key changes; the URL and Forgejo stay, the old key's ciphertext is gone
    HttpResponse<String> rotated =
        send(
            "PATCH",
            "/api/fort/clusters/gamma/providers",
            "{\"pocketId\":{\"apiKey\":\"second-key-value\"}}");
    assertThat(rotated.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(rotated.body()).path("pocketIdUrl").asText())
        .isEqualTo("http://127.0.0.1:1");
    assertThat(JSON.readTree(rotated.body()).path("forgejoUser").asText()).isEqualTo("forge-admin");
    assertThat(rotated.body()).doesNotContain("second-key-value", "first-password");
    assertThat(
            jdbc.sql(
                    "SELECT purpose FROM secrets WHERE purpose LIKE 'fort:gamma:%' ORDER BY purpose")
                .query(String.class)
                .list())
        .containsExactly(
            "fort:gamma:ca-key",
            "fort:gamma:forgejo-password",
            "fort:gamma:pocket-id-api-key",
            "fort:gamma:signing-key");
    assertThat(jdbc.sql("SELECT ciphertext FROM secrets").query(String.class).list())
        .allSatisfy(c -> assertThat(c).doesNotContain("second-key-value", "first-password"));
    assertThat(
            send("PATCH", "/api/fort/clusters/nope/providers", "{\"gitWriteHosts\":[]}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aServiceMovesOnlyByAnExplicitTransferAndRefusalsAreListed() throws Exception {
    assertThat(
            send("POST", "/api/fort/clusters", "{\"name\":\"kappa\",\"domain\":\"kappa.test\"}")
                .statusCode())
        .isEqualTo(201);
    String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA host";
    HttpResponse<String> injected =
        send(
            "PUT",
            "/api/fort/clusters/kappa/hosts/a",
            "{\"agentUrl\":\"http://10.0.0.5:7443\",\"address\":\"10.0.0.5:80; include /x\","
                + "\"publicKey\":\"%s\"}".formatted(key));
    assertThat(injected.statusCode()).isEqualTo(400);
    assertThat(injected.body()).contains("\"field\":\"address\"");
    for (String h : List.of("a", "b")) {
      assertThat(
              send(
                      "PUT",
                      "/api/fort/clusters/kappa/hosts/" + h,
                      "{\"agentUrl\":\"http://10.0.0.5:7443\",\"publicKey\":\"%s\"}".formatted(key))
                  .statusCode())
          .isEqualTo(200);
    }
    // what a cycle would have stored: a owns wiki.kappa.test, with its OIDC client, certificate
    // and proxy entry; b declared the same name and was refused
    jdbc.sql(
            "INSERT INTO fort_names (cluster, fqdn, host, service) "
                + "VALUES ('kappa', 'wiki.kappa.test', 'a', 'wiki')")
        .update();
    for (String need : List.of("oidc", "tls", "proxy")) {
      jdbc.sql(
              "INSERT INTO fort_fulfilments (cluster, host, service, need, fingerprint, remote_id,"
                  + " delivered_at) VALUES ('kappa', 'a', 'wiki', ?, 'f', ?, now())")
          .params(need, need.equals("oidc") ? "client-1" : null)
          .update();
    }
    jdbc.sql(
            "INSERT INTO fort_refusals (cluster, host, service, fqdn, reason) VALUES"
                + " ('kappa', 'b', 'wiki', 'wiki.kappa.test', 'belongs to service wiki on host a')")
        .update();
    JsonNode refused = JSON.readTree(get("/api/fort/clusters/kappa/refusals?host=b").body());
    assertThat(refused.findValuesAsText("reason"))
        .containsExactly("belongs to service wiki on host a");

    String path = "/api/fort/clusters/kappa/hosts/a/services/wiki/transfer";
    assertThat(send("POST", path, "{\"toHost\":\"a\"}").body()).contains("\"field\":\"toHost\"");
    assertThat(send("POST", path, "{\"toHost\":\"nobody\"}").statusCode()).isEqualTo(404);
    assertThat(send("POST", path, "{\"toHost\":\"b;c\"}").statusCode()).isEqualTo(400);
    assertThat(
            send(
                    "POST",
                    "/api/fort/clusters/kappa/hosts/a/services/Wi%20ki/transfer",
                    "{\"toHost\":\"b\"}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> moved = send("POST", path, "{\"toHost\":\"b\"}");
    assertThat(moved.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(moved.body()).path("workflowId").asText())
        .startsWith("fort-cycle/kappa/");

    assertThat(
            jdbc.sql("SELECT host FROM fort_names WHERE cluster = 'kappa'")
                .query(String.class)
                .single())
        .isEqualTo("b");
    // the same OIDC client (by its stored id) now belongs to b and gets a new secret there
    assertThat(
            jdbc.sql(
                    "SELECT host || ' ' || remote_id || ' ' || rotate_requested FROM fort_fulfilments"
                        + " WHERE cluster = 'kappa' AND need = 'oidc' AND remote_id IS NOT NULL")
                .query(String.class)
                .single())
        .isEqualTo("b client-1 true");
    // what stays on a is revoked by the next cycle, without the grace period
    assertThat(
            jdbc.sql(
                    "SELECT need FROM fort_fulfilments WHERE cluster = 'kappa' AND host = 'a'"
                        + " AND gone_since = to_timestamp(0) ORDER BY need")
                .query(String.class)
                .list())
        .containsExactly("oidc", "proxy", "tls");
    assertThat(send("POST", path, "{\"toHost\":\"b\"}").statusCode()).isEqualTo(404);
    assertThat(
            JSON.readTree(get("/api/fort/clusters/kappa/audit").body()).findValuesAsText("action"))
        .contains("service.transfer");
  }

  @Test
  void anOperatorsCaMustFitTheClustersDomain() throws Exception {
    var ca =
        dev.ferry.fort.store.CertificateAuthorities.create(
            "Other", java.time.Duration.ofDays(30), "other.test");
    HttpResponse<String> refused =
        send(
            "POST",
            "/api/fort/clusters",
            JSON.createObjectNode()
                .put("name", "delta")
                .put("domain", "delta.test")
                .set(
                    "certificateAuthority",
                    JSON.createObjectNode()
                        .put("certificatePem", ca.certificatePem())
                        .put("privateKeyPem", ca.privateKeyPem()))
                .toString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"field\":\"certificateAuthority\"", "exclude delta.test");
    assertThat(get("/api/fort/clusters/delta").statusCode()).isEqualTo(404);
  }

  @Test
  void anAgentCertificateIsSignedFromTheHostsRequestAndTheKeyNeverTravels() throws Exception {
    assertThat(
            send("POST", "/api/fort/clusters", "{\"name\":\"lambda\",\"domain\":\"lambda.test\"}")
                .statusCode())
        .isEqualTo(201);
    String caPem =
        JSON.readTree(get("/api/fort/clusters/lambda").body()).path("caCertificatePem").asText();
    KeyPair keys = TestCsr.ecKeyPair();
    String request = JSON.writeValueAsString(Map.of("csrPem", TestCsr.pem(keys, "CN=anything")));
    String path = "/api/fort/clusters/lambda/hosts/web/agent-certificate";

    assertThat(send("POST", path, request).statusCode()).as("no such host yet").isEqualTo(404);
    send(
        "PUT",
        "/api/fort/clusters/lambda/hosts/web",
        "{\"agentUrl\":\"https://10.0.0.5:7443\",\"publicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA host\"}");
    HttpResponse<String> issued = send("POST", path, request);

    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode answer = JSON.readTree(issued.body());
    assertThat(answer.path("agentName").asText()).isEqualTo("web.fort.lambda.test");
    assertThat(answer.path("caCertificatePem").asText()).isEqualTo(caPem);
    assertThat(issued.body()).doesNotContain("PRIVATE KEY");
    X509Certificate leaf =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        answer
                            .path("certificatePem")
                            .asText()
                            .getBytes(StandardCharsets.US_ASCII)));
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactly(List.of(2, "web.fort.lambda.test"));
    assertThat(
            JSON.readTree(get("/api/fort/clusters/lambda/fulfilments?host=web").body())
                .findValuesAsText("need"))
        .containsExactly("agent-tls");

    HttpResponse<String> forged =
        send(
            "POST",
            path,
            JSON.writeValueAsString(
                Map.of("csrPem", TestCsr.pem(keys, TestCsr.ecKeyPair().getPrivate(), "CN=web"))));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("\"field\":\"csrPem\"", "does not match its public key");
    assertThat(send("POST", path, "{\"csrPem\":\"garbage\"}").body())
        .contains("\"field\":\"csrPem\"");
    // the agent certificate goes with the host: it alone does not block removing it
    assertThat(send("DELETE", "/api/fort/clusters/lambda/hosts/web", "").statusCode())
        .isEqualTo(204);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, "");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return new Http("http://127.0.0.1:" + port, null, null)
        .bearer(token)
        .send(method, path, body.isEmpty() ? null : body)
        .raw();
  }

  private static Path tempFile() {
    try {
      Path dir = Files.createTempDirectory("ferry-api-test");
      return dir.resolve("admin-token");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
