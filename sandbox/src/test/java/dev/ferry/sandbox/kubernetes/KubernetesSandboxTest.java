package dev.ferry.sandbox.kubernetes;

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

class KubernetesSandboxTest {

  private static final String SECRET = "/api/v1/namespaces/ns/secrets/s1";
  private static final String SECRET_BODY =
      """
      {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"type":"Opaque","stringData":{"TOKEN":"abc"}}""";

  private final HttpClient http = HttpClient.newHttpClient();
  private KubernetesSandbox kube;

  @BeforeEach
  void start() {
    kube = new KubernetesSandbox().token("t").start(0);
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  private HttpResponse<String> send(
      String method, String path, String contentType, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(kube.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serverSideApplyCreatesThenKeepsUnchangedObjects() throws Exception {
    assertThat(
            send(
                    "PATCH",
                    "/api/v1/namespaces/ns?fieldManager=ferry",
                    "application/apply-patch+yaml",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns\"}}",
                    "t")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> created =
        send(
            "PATCH",
            SECRET + "?fieldManager=ferry",
            "application/apply-patch+yaml",
            SECRET_BODY,
            "t");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode secret = new ObjectMapper().readTree(created.body());
    assertThat(secret.at("/data/TOKEN").asText()).isEqualTo("YWJj");
    assertThat(secret.has("stringData")).isFalse();
    String version = secret.at("/metadata/resourceVersion").asText();

    HttpResponse<String> again =
        send(
            "PATCH",
            SECRET + "?fieldManager=ferry",
            "application/apply-patch+yaml",
            SECRET_BODY,
            "t");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(again.body()).at("/metadata/resourceVersion").asText())
        .isEqualTo(version);
    assertThat(kube.fieldManagers(SECRET)).containsExactly("ferry/Apply");
    assertThat(send("DELETE", SECRET, null, null, "t").statusCode()).isEqualTo(200);
    assertThat(send("GET", SECRET, null, null, "t").statusCode()).isEqualTo(404);
  }

  @Test
  void rejectsWhatARealApiServerRejects() throws Exception {
    assertThat(
            send(
                    "PATCH",
                    SECRET + "?fieldManager=ferry",
                    "application/apply-patch+yaml",
                    SECRET_BODY,
                    "wrong")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send("PATCH", SECRET + "?fieldManager=ferry", "application/json", SECRET_BODY, "t")
                .statusCode())
        .isEqualTo(415);
    HttpResponse<String> noManager =
        send("PATCH", SECRET, "application/apply-patch+yaml", SECRET_BODY, "t");
    assertThat(noManager.statusCode()).isEqualTo(400);
    assertThat(noManager.body()).contains("fieldManager").contains("\"kind\":\"Status\"");
    assertThat(
            send(
                    "PATCH",
                    "/api/v1/namespaces/ns/secrets/other?fieldManager=ferry",
                    "application/apply-patch+yaml",
                    SECRET_BODY,
                    "t")
                .statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/deploy/x", null, null, "t").statusCode()).isEqualTo(404);
  }
}
