package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.ferry.platform.codec.EncryptionCodec;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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

/** The API as a client sees it, on a real PostgreSQL and a real Temporal dev server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FoundationApiTest {

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
  final ObjectMapper json = new ObjectMapper();
  String adminToken;

  @BeforeEach
  void readBootstrapToken() throws Exception {
    adminToken = Files.readString(home.resolve("admin-token")).trim();
  }

  record Reply(int status, String contentType, JsonNode body, Map<String, List<String>> headers) {}

  Reply call(String method, String path, String token, String body) throws Exception {
    Http.Resp response = api().bearer(token).send(method, path, body);
    JsonNode parsed =
        response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    return new Reply(
        response.status(),
        response.raw().headers().firstValue("Content-Type").orElse(""),
        parsed,
        response.raw().headers().map());
  }

  private Http api() {
    return new Http("http://127.0.0.1:" + port, null, null);
  }

  @Test
  void bootstrapTokenFileIsPrivateAndWorks() throws Exception {
    assertThat(Files.getPosixFilePermissions(home.resolve("admin-token")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Reply me = call("GET", "/api/me", adminToken, null);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().path("name").asText()).isEqualTo("admin");
    assertThat(me.body().path("role").asText()).isEqualTo("admin");
  }

  @Test
  void healthShowsAnAdminTheDatabaseAndTemporal() throws Exception {
    Reply health = call("GET", "/actuator/health", adminToken, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().path("status").asText()).isEqualTo("UP");
    assertThat(health.body().at("/components/db/status").asText()).isEqualTo("UP");
    assertThat(health.body().at("/components/temporal/status").asText()).isEqualTo("UP");
  }

  @Test
  void everythingElseNeedsATokenAndSays401AsProblemJson() throws Exception {
    for (String path :
        List.of(
            "/api/me", "/api/users", "/api/workflows/x", "/actuator/prometheus", "/codec/decode")) {
      Reply reply = call("GET", path, null, null);
      assertThat(reply.status()).as(path).isEqualTo(401);
      assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
      assertThat(reply.body().path("status").asInt()).isEqualTo(401);
    }
    assertThat(call("GET", "/api/me", "fry_not-a-real-token", null).status()).isEqualTo(401);
  }

  @Test
  void onlyAdminsCreateUsersAndTokensAreShownOnceAndRevocable() throws Exception {
    Reply created =
        call("POST", "/api/users", adminToken, "{\"name\":\"carol\",\"role\":\"user\"}");
    assertThat(created.status()).isEqualTo(201);
    Reply issued = call("POST", "/api/users/carol/tokens", adminToken, "{\"name\":\"laptop\"}");
    assertThat(issued.status()).isEqualTo(201);
    String carolToken = issued.body().path("token").asText();
    assertThat(carolToken).startsWith("fry_");

    assertThat(call("GET", "/api/me", carolToken, null).body().path("role").asText())
        .isEqualTo("user");
    Reply forbidden =
        call("POST", "/api/users", carolToken, "{\"name\":\"mallory\",\"role\":\"admin\"}");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.contentType()).startsWith("application/problem+json");

    Reply listed = call("GET", "/api/users/carol/tokens", carolToken, null);
    assertThat(listed.body().toString()).contains("laptop").doesNotContain(carolToken);

    String tokenId = issued.body().path("id").asText();
    assertThat(call("DELETE", "/api/users/carol/tokens/" + tokenId, carolToken, null).status())
        .isEqualTo(204);
    assertThat(call("GET", "/api/me", carolToken, null).status()).isEqualTo(401);
  }

  @Test
  void malformedInputIsA400NamingTheField() throws Exception {
    Reply wrongValue =
        call("POST", "/api/users", adminToken, "{\"name\":\"dave\",\"role\":\"superuser\"}");
    assertThat(wrongValue.status()).isEqualTo(400);
    assertThat(wrongValue.contentType()).startsWith("application/problem+json");
    assertThat(wrongValue.body().path("errors").get(0).path("field").asText()).isEqualTo("role");

    Reply unknownField =
        call(
            "POST",
            "/api/users",
            adminToken,
            "{\"name\":\"dave\",\"role\":\"user\",\"admin\":true}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.body().path("errors").get(0).path("field").asText()).isEqualTo("admin");

    Reply wrongType = call("POST", "/api/users", adminToken, "{\"name\":[1,2],\"role\":\"user\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.body().path("errors").get(0).path("field").asText()).isEqualTo("name");

    for (String garbage : List.of("{", "", "null", "[]", "\"x\"")) {
      assertThat(call("POST", "/api/users", adminToken, garbage).status())
          .as(garbage)
          .isEqualTo(400);
    }
    assertThat(call("DELETE", "/api/users/admin/tokens/not-a-uuid", adminToken, null).status())
        .isEqualTo(400);
    assertThat(call("GET", "/api/workflows/does-not-exist", adminToken, null).status())
        .isEqualTo(404);
  }

  @Test
  void codecEndpointDecodesWithTokenOrUiKeyAndAnswersCorsPreflight() throws Exception {
    EncryptionCodec codec = new EncryptionCodec(SecretKeyring.parse(KEY));
    Payload plain =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8("{\"deployment\":\"lab1\"}"))
            .build();
    String encrypted =
        JsonFormat.printer()
            .print(Payloads.newBuilder().addAllPayloads(codec.encode(List.of(plain))).build());

    Reply decoded = call("POST", "/codec/decode", adminToken, encrypted);
    assertThat(decoded.status()).isEqualTo(200);
    Payloads.Builder out = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded.body().toString(), out);
    assertThat(out.getPayloads(0)).isEqualTo(plain);

    assertThat(call("POST", "/codec/ui/" + UI_CODEC_KEY + "/decode", null, encrypted).status())
        .isEqualTo(200);
    assertThat(call("POST", "/codec/ui/wrong-key-0123456789/decode", null, encrypted).status())
        .isEqualTo(401);
    assertThat(call("POST", "/codec/decode", adminToken, "{\"payloads\": 5}").status())
        .isEqualTo(400);

    Http.Resp preflight =
        api()
            .header("Origin", "http://localhost:8233")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-namespace")
            .send("OPTIONS", "/codec/ui/" + UI_CODEC_KEY + "/decode", null);
    assertThat(preflight.status()).isEqualTo(200);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:8233");
  }

  @Test
  void openApiDocumentDescribesTheApi() throws Exception {
    Reply doc = call("GET", "/v3/api-docs", null, null);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body().path("paths").has("/api/me")).isTrue();
  }
}
