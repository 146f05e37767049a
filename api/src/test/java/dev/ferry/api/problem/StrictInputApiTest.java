package dev.ferry.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.ferry.api.ApiTestContext;
import dev.ferry.platform.codec.EncryptionCodec;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each hostile input the API once answered with a 5xx, a silent coercion or a non-problem body,
 * next to the happy case: a 4xx problem+json naming the field, and nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StrictInputApiTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  static final String KEY = TestKeys.newKey("k1");
  static final String UI_CODEC_KEY = "ui-key-0123456789abcdef";
  @TempDir static Path home;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestContext.register(registry, TEMPORAL, KEY, home.resolve("admin-token"));
    registry.add("ferry.api.ui-codec-key", () -> UI_CODEC_KEY);
  }

  @LocalServerPort int port;
  String adminToken;
  Http admin;

  @BeforeEach
  void client() throws Exception {
    adminToken = Files.readString(home.resolve("admin-token")).trim();
    admin = new Http("http://127.0.0.1:" + port, null, null).bearer(adminToken);
  }

  /** The answer must be a 400 problem naming {@code field}; returns its message. */
  private static String refused(Http.Resp reply, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    JsonNode errors = reply.json().path("errors");
    assertThat(errors.size()).as(reply.body()).isEqualTo(1);
    assertThat(errors.get(0).path("field").asText()).as(reply.body()).isEqualTo(field);
    return errors.get(0).path("message").asText();
  }

  private static final String PROFILE =
      """
      {"name":"lab","baseUrl":"https://fwd.example.com","username":"key","password":"secret-1"}""";

  @Test
  void controlCharactersInStoredStringsAreRefusedNamingTheField() throws Exception {
    String nul = PROFILE.replace("fwd.example.com", "fwd\\u0000.example.com");
    assertThat(refused(admin.post("/api/forward/profiles", nul), "baseUrl"))
        .contains("control characters");
    String escape = PROFILE.replace("\"key\"", "\"k\\u001bey\"");
    refused(admin.post("/api/forward/profiles", escape), "username");
    assertThat(admin.get("/api/forward/profiles/lab").status()).isEqualTo(404);

    String pem = "-----BEGIN CERTIFICATE-----\\nMIIB\\r\\n\\tAA==\\n-----END CERTIFICATE-----";
    String withCa =
        PROFILE.replace("\"lab\"", "\"ca\"").replace("}", ",\"caCertificate\":\"" + pem + "\"}");
    assertThat(admin.post("/api/forward/profiles", withCa).status()).isEqualTo(201);

    refused(admin.get("/api/fort/clusters/none/audit?host=a%00b"), "host");
    refused(admin.get("/api/fort/clusters/none/audit?host=a%07b"), "host");
  }

  @Test
  void duplicateKeysAreRefusedAndChangeNothing() throws Exception {
    String profile = PROFILE.replace("\"lab\"", "\"dup\"");
    assertThat(admin.post("/api/forward/profiles", profile).status()).isEqualTo(201);
    String renaming =
        "{\"name\":\"dup\",\"baseUrl\":\"https://fwd.example.com\",\"name\":\"other\"}";
    assertThat(refused(admin.send("PUT", "/api/forward/profiles/dup", renaming), "name"))
        .contains("Duplicate field");
    assertThat(admin.get("/api/forward/profiles/dup").status()).isEqualTo(200);
    assertThat(admin.get("/api/forward/profiles/other").status()).isEqualTo(404);

    String nested = sync("{\"name\":\"r1\",\"kind\":\"linux\",\"host\":\"a\",\"host\":\"b\"}");
    refused(admin.post("/api/forward/deployments/sync", nested), "devices[0].host");
  }

  @Test
  void scalarsAreNotCoerced() throws Exception {
    refused(
        admin.post("/api/forward/profiles", PROFILE.replace("}", ",\"skipTlsVerify\":2}")),
        "skipTlsVerify");
    refused(
        admin.post("/api/forward/profiles", PROFILE.replace("\"secret-1\"", "12345")), "password");
    refused(admin.post("/api/users", "{\"name\":true,\"role\":\"user\"}"), "name");
    refused(
        admin.post(
            "/api/forward/deployments/sync",
            sync("{\"name\":\"r1\",\"kind\":\"linux\",\"host\":\"a\",\"port\":1.5}")),
        "devices[0].port");
    refused(
        admin.post(
            "/api/forward/deployments/sync",
            sync("{\"name\":\"r1\",\"kind\":\"linux\",\"host\":\"a\",\"port\":\"22\"}")),
        "devices[0].port");
    assertThat(
            refused(
                admin.post(
                    "/api/forward/deployments/sync",
                    sync(
                        "{\"name\":\"r1\",\"kind\":\"linux\",\"host\":\"a\",\"port\":"
                            + "9".repeat(30)
                            + "}")),
                "devices[0].port"))
        .contains("out of range");
    assertThat(admin.get("/api/forward/profiles/lab").status()).isEqualTo(404);
  }

  @Test
  void trailingContentAndNullsInListsAreRefused() throws Exception {
    Http.Resp trailing = admin.post("/api/users", "{\"name\":\"eve\",\"role\":\"user\"}}}garbage");
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(trailing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(admin.get("/api/users").body()).doesNotContain("eve");

    String principal = "{\"publicKeys\":[null],\"roles\":[\"reader\"]}";
    refused(
        admin.send("PUT", "/api/fort/clusters/none/principals/ops", principal), "publicKeys[0]");
  }

  @Test
  void aSyncNeedsDevices() throws Exception {
    assertThat(
            refused(
                admin.post(
                    "/api/forward/deployments/sync",
                    "{\"workspace\":\"w\",\"deployment\":\"d\",\"deploymentType\":\"byos\","
                        + "\"devices\":[]}"),
                "devices"))
        .isNotBlank();
  }

  @Test
  void lengthsAreCheckedBeforeTemporalOrPostgresql() throws Exception {
    refused(admin.post("/api/foreman/schedule/pause?note=" + "n".repeat(4096), null), "note");
    refused(
        admin.get(
            "/api/foreman/configs/7f3c2a4e-0b1d-4c5e-9f60-1a2b3c4d5e6f/hosts?search="
                + "s".repeat(3000)),
        "search");
    refused(
        admin.post(
            "/api/forward/deployments/sync",
            "{\"workspace\":\"w\",\"deployment\":\"d\",\"deploymentType\":\"byos\","
                + "\"devices\":[{\"name\":\"r1\",\"kind\":\"linux\",\"host\":\"a\"}],"
                + "\"jumpServer\":{\"host\":\"j\",\"username\":\"u\",\"sshKey\":\""
                + "k".repeat(30_000)
                + "\"}}"),
        "jumpServer.sshKey");
    Http.Resp longId = admin.get("/api/workflows/" + "w".repeat(2000));
    assertThat(longId.status()).isEqualTo(404);
    assertThat(longId.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void codecKeyProblemsAre422() throws Exception {
    EncryptionCodec codec = new EncryptionCodec(SecretKeyring.parse(KEY));
    Payload sealed =
        codec
            .encode(
                List.of(
                    Payload.newBuilder()
                        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                        .setData(ByteString.copyFromUtf8("{}"))
                        .build()))
            .get(0);
    assertThat(admin.post("/codec/decode", payloads(sealed)).status()).isEqualTo(200);
    for (Payload broken :
        List.of(
            sealed.toBuilder()
                .putMetadata("encryption-key-id", ByteString.copyFromUtf8("unknown"))
                .build(),
            sealed.toBuilder().removeMetadata("encryption-key-id").build())) {
      Http.Resp reply = admin.post("/codec/decode", payloads(broken));
      assertThat(reply.status()).as(reply.body()).isEqualTo(422);
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  void containerRejectionsAreProblemJson() throws Exception {
    for (String target :
        List.of("/api/forward/profiles/%zz", "/api/%C0%AFx", "/api/a%00b", "/%2e%2e/%2e%2e/etc")) {
      RawRequest.Answer answer =
          new RawRequest(
                  "GET",
                  target.getBytes(StandardCharsets.US_ASCII),
                  Map.of("Authorization", "Bearer " + adminToken),
                  null)
              .send(port);
      assertThat(answer.status()).as(target).isBetween(400, 499);
      assertThat(answer.contentType()).as(target).startsWith("application/problem+json");
      assertThat(Http.JSON.readTree(answer.body()).path("status").asInt())
          .isEqualTo(answer.status());
    }
  }

  @Test
  void corsRefusalsAreProblemJson() throws Exception {
    assertThat(preflight("http://localhost:8233").status()).isEqualTo(200);
    Http.Resp refused = preflight("https://evil.example");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().path("status").asInt()).isEqualTo(403);
  }

  private Http.Resp preflight(String origin) throws Exception {
    return new Http("http://127.0.0.1:" + port, null, null)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .send("OPTIONS", "/codec/ui/" + UI_CODEC_KEY + "/decode", null);
  }

  private static String sync(String device) {
    return "{\"workspace\":\"w\",\"deployment\":\"d\",\"deploymentType\":\"byos\",\"devices\":["
        + device
        + "]}";
  }

  private static String payloads(Payload payload) throws Exception {
    return JsonFormat.printer().print(Payloads.newBuilder().addPayloads(payload).build());
  }
}
