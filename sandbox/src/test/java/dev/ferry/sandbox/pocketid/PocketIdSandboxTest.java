package dev.ferry.sandbox.pocketid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PocketIdSandboxTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private PocketIdSandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = new PocketIdSandbox("key").start(0);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void clientsAreCreatedPagedGivenSecretsAndDeleted() throws Exception {
    for (int i = 0; i < 25; i++) {
      HttpResponse<String> created =
          call(
              "POST",
              "/api/oidc/clients",
              "key",
              "{\"name\":\"c"
                  + i
                  + "\",\"callbackURLs\":[\"https://c/cb\"],\"logoutCallbackURLs\":[],\"isPublic\":false,"
                  + "\"pkceEnabled\":false,\"requiresReauthentication\":false}");
      assertThat(created.statusCode()).isEqualTo(201);
    }
    JsonNode page2 =
        JSON.readTree(call("GET", "/api/oidc/clients?pagination%5Bpage%5D=2", "key", null).body());
    assertThat(page2.path("data")).hasSize(5);
    assertThat(page2.at("/pagination/currentPage").asInt()).isEqualTo(2);
    assertThat(page2.at("/pagination/totalPages").asInt()).isEqualTo(2);

    String id = sandbox.clientNamed("c3").orElseThrow().id();
    JsonNode secret =
        JSON.readTree(call("POST", "/api/oidc/clients/" + id + "/secret", "key", "{}").body());
    assertThat(secret.path("secret").asText())
        .isEqualTo(sandbox.clientNamed("c3").orElseThrow().secret());
    assertThat(call("DELETE", "/api/oidc/clients/" + id, "key", null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/oidc/clients/" + id, "key", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theApiKeyIsRequiredAndErrorsHaveTheirShape() throws Exception {
    HttpResponse<String> denied = call("GET", "/api/oidc/clients", "wrong", null);
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(denied.body()).has("error")).isTrue();
    assertThat(call("POST", "/api/oidc/clients", "key", "{\"callbackURLs\":[]}").statusCode())
        .isEqualTo(400);
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
