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
    HttpResponse<String> created =
        call("POST", "pw", "{\"name\":\"web-ro\",\"scopes\":[\"read:repository\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode token = JSON.readTree(created.body());
    String sha1 = token.path("sha1").asText();
    assertThat(sha1).hasSize(40);
    assertThat(token.path("token_last_eight").asText()).isEqualTo(sha1.substring(32));

    JsonNode listed = JSON.readTree(call("GET", "pw", null).body());
    assertThat(listed.get(0).path("sha1").asText()).isEmpty();
    HttpResponse<String> duplicate =
        call("POST", "pw", "{\"name\":\"web-ro\",\"scopes\":[\"read:repository\"]}");
    assertThat(duplicate.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(duplicate.body()).path("message").asText()).contains("used already");

    HttpRequest delete = request("/" + token.path("id").asLong(), "pw").DELETE().build();
    assertThat(http.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
    assertThat(sandbox.tokens()).isEmpty();
  }

  @Test
  void badCredentialsAndScopesAreRefused() throws Exception {
    assertThat(call("GET", "wrong", null).statusCode()).isEqualTo(401);
    assertThat(call("POST", "pw", "{\"name\":\"x\",\"scopes\":[\"bogus\"]}").statusCode())
        .isEqualTo(400);
  }

  private HttpResponse<String> call(String method, String password, String body) throws Exception {
    HttpRequest r =
        request("", password)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String suffix, String password) {
    String basic =
        Base64.getEncoder()
            .encodeToString(("forge-admin:" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(
            URI.create(sandbox.baseUrl() + "/api/v1/users/forge-admin/tokens" + suffix))
        .header("Authorization", "Basic " + basic);
  }
}
