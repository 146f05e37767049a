package dev.ferry.sandbox.forgejo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForgejoSandboxTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private ForgejoSandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = new ForgejoSandbox().start(0);
    sandbox.addUser("forge-admin", "pw");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aTokenIsShownOnceNamesAreUniqueAndDeletionRevokes() throws Exception {
    HttpResponse<String> created = create(basic("pw"), "web-ro", "read:repository");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode token = JSON.readTree(created.body());
    String sha1 = token.path("sha1").asText();
    assertThat(sha1).hasSize(40);
    assertThat(token.path("token_last_eight").asText()).isEqualTo(sha1.substring(32));

    JsonNode listed = JSON.readTree(call("GET", "", basic("pw"), null).body());
    assertThat(listed.get(0).path("sha1").asText()).isEmpty();
    HttpResponse<String> duplicate = create(basic("pw"), "web-ro", "read:repository");
    assertThat(duplicate.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(duplicate.body()).path("message").asText()).contains("used already");

    assertThat(call("DELETE", "/" + token.path("id").asLong(), basic("pw"), null).statusCode())
        .isEqualTo(204);
    assertThat(sandbox.tokens()).isEmpty();
  }

  @Test
  void onlyThePasswordManagesTokens() throws Exception {
    String token =
        JSON.readTree(create(basic("pw"), "t", "read:repository").body()).path("sha1").asText();
    assertThat(call("GET", "", basic("wrong"), null).statusCode()).isEqualTo(401);
    for (String byToken : List.of(basic(token), "token " + token, "Bearer " + token)) {
      HttpResponse<String> refused = create(byToken, "by-token", "read:repository");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(refused.body()).path("message").asText())
          .isEqualTo("auth method not allowed");
    }
    sandbox.addUser("other", "pw2");
    HttpRequest otherUser =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/v1/users/forge-admin/tokens"))
            .header("Authorization", "Basic " + b64("other:pw2"))
            .build();
    assertThat(http.send(otherUser, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    // the version needs no authentication
    HttpRequest version =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/v1/version")).build();
    assertThat(JSON.readTree(http.send(version, HttpResponse.BodyHandlers.ofString()).body()))
        .isEqualTo(JSON.readTree("{\"version\":\"" + ForgejoSandbox.VERSION + "\"}"));
  }

  @Test
  void listsArePagedWithTotalAndLinks() throws Exception {
    for (int i = 0; i < 65; i++) {
      create(basic("pw"), "t" + i, "read:repository");
    }
    HttpResponse<String> first = call("GET", "", basic("pw"), null);
    assertThat(JSON.readTree(first.body())).hasSize(30);
    assertThat(first.headers().firstValue("X-Total-Count")).hasValue("65");
    assertThat(first.headers().firstValue("Link").orElseThrow())
        .contains("page=2&limit=30>; rel=\"next\"", "page=3&limit=30>; rel=\"last\"");
    HttpResponse<String> capped = call("GET", "?page=2&limit=100", basic("pw"), null);
    assertThat(JSON.readTree(capped.body())).hasSize(15);
    assertThat(capped.headers().firstValue("Link").orElseThrow())
        .contains("page=1&limit=50>; rel=\"first\"")
        .doesNotContain("rel=\"next\"");
  }

  @Test
  void scopesAreNormalisedAsForgejoDoes() throws Exception {
    assertThat(scopes("read:repository", "write:repository", "read:repository"))
        .containsExactly("write:repository");
    assertThat(scopes("read:user", "write:issue", "public-only"))
        .containsExactly("public-only", "write:issue", "read:user");
    assertThat(scopes("all", "read:repository")).containsExactly("all");
    HttpResponse<String> bogus = create(basic("pw"), "bogus", "bogus");
    assertThat(bogus.statusCode()).isEqualTo(400);
    assertThat(bogus.body()).contains("invalid access token scope provided");
    assertThat(call("POST", "", basic("pw"), "{\"name\":\"none\",\"scopes\":[]}").statusCode())
        .isEqualTo(400);
  }

  private List<String> scopes(String... requested) throws Exception {
    HttpResponse<String> r = create(basic("pw"), "s" + System.nanoTime(), requested);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.convertValue(JSON.readTree(r.body()).path("scopes"), List.class);
  }

  private HttpResponse<String> create(String authorization, String name, String... scopes)
      throws Exception {
    return call(
        "POST",
        "",
        authorization,
        JSON.createObjectNode()
            .put("name", name)
            .set("scopes", JSON.valueToTree(List.of(scopes)))
            .toString());
  }

  private HttpResponse<String> call(String method, String suffix, String authorization, String body)
      throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/api/v1/users/forge-admin/tokens" + suffix))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String password) {
    return "Basic " + b64("forge-admin:" + password);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
