package dev.ferry.sandbox.pocketid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PocketIdSandboxTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY =
      "{\"name\":\"%s\",\"callbackURLs\":[\"https://c/cb\"],\"logoutCallbackURLs\":[],"
          + "\"isPublic\":false,\"pkceEnabled\":false,\"requiresReauthentication\":false%s}";
  private final HttpClient http = HttpClient.newHttpClient();
  private PocketIdSandbox sandbox;

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void clientsArePagedAndDeletedOnEitherLine() throws Exception {
    for (PocketIdVersion version : List.of(PocketIdVersion.V1_16, PocketIdVersion.V2_14)) {
      sandbox = new PocketIdSandbox("key", version).start(0);
      for (int i = 0; i < 25; i++) {
        assertThat(create("c" + i, "").statusCode()).isEqualTo(201);
      }
      JsonNode page2 =
          JSON.readTree(
              call("GET", "/api/oidc/clients?pagination%5Bpage%5D=2", "key", null).body());
      assertThat(page2.path("data")).hasSize(5);
      assertThat(page2.at("/pagination/totalPages").asInt()).isEqualTo(2);
      String id = sandbox.clientNamed("c3").orElseThrow().id();
      assertThat(call("DELETE", "/api/oidc/clients/" + id, "key", null).statusCode())
          .isEqualTo(204);
      assertThat(call("GET", "/api/oidc/clients/" + id, "key", null).statusCode()).isEqualTo(404);
      sandbox.close();
    }
  }

  @Test
  void onOneSixteenAClientWithoutGroupsIsOpenAndTheSecretIsReplaced() throws Exception {
    sandbox = new PocketIdSandbox("key", PocketIdVersion.V1_16).start(0);
    assertThat(call("GET", "/api/version/current", "key", null).statusCode()).isEqualTo(404);
    String staff = sandbox.addUserGroup("staff");
    String id = id(create("wiki", ",\"isGroupRestricted\":true"));
    assertThat(sandbox.mayAuthorize(id, List.of())).isTrue();
    groups(id, staff);
    assertThat(sandbox.mayAuthorize(id, List.of())).isFalse();
    assertThat(sandbox.mayAuthorize(id, List.of(staff))).isTrue();
    // an update (which 1.x does not know isGroupRestricted in) keeps the groups
    call("PUT", "/api/oidc/clients/" + id, "key", BODY.formatted("wiki", ""));
    assertThat(sandbox.clientNamed("wiki").orElseThrow().allowedUserGroupIds())
        .containsExactly(staff);

    HttpResponse<String> secret = call("POST", "/api/oidc/clients/" + id + "/secret", "key", "{}");
    assertThat(secret.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(secret.body()).path("secret").asText())
        .isEqualTo(sandbox.clientNamed("wiki").orElseThrow().secret());
    assertThat(call("POST", "/api/oidc/clients/" + id + "/secrets", "key", "{}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void onTwoFourteenAnUnrestrictedUpdateClearsTheGroupsAndSecretsAreAList() throws Exception {
    sandbox = new PocketIdSandbox("key", PocketIdVersion.V2_14).start(0);
    assertThat(JSON.readTree(call("GET", "/api/version/current", "key", null).body()))
        .isEqualTo(JSON.readTree("{\"currentVersion\":\"2.14.0\"}"));
    String staff = sandbox.addUserGroup("staff");
    String id = id(create("wiki", ",\"isGroupRestricted\":true"));
    assertThat(sandbox.mayAuthorize(id, List.of())).as("restricted, no groups").isFalse();
    groups(id, staff);
    call(
        "PUT",
        "/api/oidc/clients/" + id,
        "key",
        BODY.formatted("wiki", ",\"isGroupRestricted\":true"));
    assertThat(sandbox.clientNamed("wiki").orElseThrow().allowedUserGroupIds())
        .containsExactly(staff);
    call("PUT", "/api/oidc/clients/" + id, "key", BODY.formatted("wiki", ""));
    assertThat(sandbox.clientNamed("wiki").orElseThrow().allowedUserGroupIds()).isEmpty();
    assertThat(sandbox.mayAuthorize(id, List.of())).as("open to all users").isTrue();

    assertThat(call("POST", "/api/oidc/clients/" + id + "/secret", "key", "{}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> first = call("POST", "/api/oidc/clients/" + id + "/secrets", "key", "{}");
    HttpResponse<String> second = call("POST", "/api/oidc/clients/" + id + "/secrets", "key", "{}");
    assertThat(first.statusCode()).isEqualTo(201);
    JsonNode listed =
        JSON.readTree(call("GET", "/api/oidc/clients/" + id + "/secrets", "key", null).body());
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).has("secret")).isFalse();
    String firstId = JSON.readTree(first.body()).path("id").asText();
    assertThat(
            call("DELETE", "/api/oidc/clients/" + id + "/secrets/" + firstId, "key", null)
                .statusCode())
        .isEqualTo(204);
    assertThat(sandbox.clientNamed("wiki").orElseThrow().secret())
        .isEqualTo(JSON.readTree(second.body()).path("secret").asText());
    for (int i = 1; i < OidcClients.MAX_SECRETS; i++) {
      call("POST", "/api/oidc/clients/" + id + "/secrets", "key", "{}");
    }
    HttpResponse<String> tooMany =
        call("POST", "/api/oidc/clients/" + id + "/secrets", "key", "{}");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("more than 20 secrets");
  }

  @Test
  void namesAreAtMostFiftyCharactersAndTheApiKeyExpires() throws Exception {
    sandbox = new PocketIdSandbox("key").start(0);
    assertThat(create("x".repeat(50), "").statusCode()).isEqualTo(201);
    assertThat(create("x".repeat(51), "").statusCode()).isEqualTo(400);

    JsonNode keys =
        JSON.readTree(
            call(
                    "GET",
                    "/api/api-keys?sort%5Bcolumn%5D=lastUsedAt&sort%5Bdirection%5D=desc",
                    "key",
                    null)
                .body());
    assertThat(keys.at("/data/0/name").asText()).isEqualTo("ferry");
    assertThat(Instant.parse(keys.at("/data/0/expiresAt").asText())).isAfter(Instant.now());

    sandbox.addApiKey("ferry", "key", Instant.now().minusSeconds(1));
    HttpResponse<String> expired = call("GET", "/api/oidc/clients", "key", null);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(expired.body()).path("error").asText())
        .isEqualTo("You are not signed in");
    assertThat(call("GET", "/api/oidc/clients", "wrong", null).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> create(String name, String extra) throws Exception {
    return call("POST", "/api/oidc/clients", "key", BODY.formatted(name, extra));
  }

  private void groups(String clientId, String groupId) throws Exception {
    HttpResponse<String> r =
        call(
            "PUT",
            "/api/oidc/clients/" + clientId + "/allowed-user-groups",
            "key",
            "{\"userGroupIds\":[\"" + groupId + "\",\"no-such-group\"]}");
    assertThat(r.statusCode()).isEqualTo(200);
  }

  private static String id(HttpResponse<String> created) throws Exception {
    return JSON.readTree(created.body()).path("id").asText();
  }

  private HttpResponse<String> call(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .header("X-API-KEY", key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
