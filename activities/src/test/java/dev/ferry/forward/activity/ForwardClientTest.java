package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ConnectionStatus;
import dev.ferry.remote.RemoteException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's wire format and how each class of Forward answer is classified. */
class ForwardClientTest {

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build();
  private ForwardClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client = new ForwardClient(http, server.url("/").toString(), "key", "s3cret");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void respond(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).body(body).build());
  }

  @Test
  void sendsBasicAuthAndBareArraysToPutBatch() throws Exception {
    respond(204, "");
    var devices = JsonNodeFactory.instance.arrayNode();
    devices.addObject().put("name", "spine1").put("host", "10.0.0.1");
    client.putDevices("123", devices);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/networks/123/classic-devices");
    assertThat(request.getUrl().queryParameter("action")).isEqualTo("putBatch");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic a2V5OnMzY3JldA==");
    assertThat(request.getBody().utf8()).isEqualTo("[{\"name\":\"spine1\",\"host\":\"10.0.0.1\"}]");
  }

  @Test
  void createsNetworksByQueryWithoutBody() throws Exception {
    respond(200, "{\"id\":\"123\",\"name\":\"lab-alice\",\"orgId\":\"7\"}");
    assertThat(client.createNetwork("lab-alice").get("id").asText()).isEqualTo("123");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().queryParameter("name")).isEqualTo("lab-alice");
    assertThat(request.getBodySize()).isZero();
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "17")
            .body("{\"message\":\"Too many requests\"}")
            .build());
    RemoteException e = catchApi(() -> client.version());
    ApplicationFailure failure = e.toFailure();
    assertThat(failure.getType()).isEqualTo("ForwardRateLimited");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void serverErrorsAreRetryable() {
    respond(502, "bad gateway");
    ApplicationFailure failure = catchApi(() -> client.networks()).toFailure();
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo("ForwardServerError");
  }

  @Test
  void clientErrorsFailFastWithForwardsMessage() {
    for (int status : List.of(400, 401, 403)) {
      respond(
          status,
          "{\"httpMethod\":\"GET\",\"apiUrl\":\"/api/networks\",\"message\":\"Missing permission: X\"}");
      ApplicationFailure failure = catchApi(() -> client.networks()).toFailure();
      assertThat(failure.isNonRetryable()).as("status %d", status).isTrue();
      assertThat(failure.getOriginalMessage())
          .contains("Missing permission: X")
          .contains(String.valueOf(status));
    }
  }

  @Test
  void collectorNameTakenAs400IsAConflict() {
    respond(400, "{\"message\":\"Collector named ferry-alice already exists\"}");
    assertThat(ForwardClient.isConflict(catchApi(() -> client.createCollector("ferry-alice"))))
        .isTrue();
    respond(400, "{\"message\":\"Unrecognized field \\\"foo\\\"\"}");
    assertThat(ForwardClient.isConflict(catchApi(() -> client.createCollector("x")))).isFalse();
  }

  @Test
  void timeoutsAreRetryableAndReportedAsTimeout() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(3, TimeUnit.SECONDS).build());
    assertThatThrownBy(() -> client.version())
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.toFailure().isNonRetryable()).isFalse();
              assertThat(e.toFailure().getType()).isEqualTo("ForwardUnavailable");
              assertThat(e.status()).isZero();
            });
    server.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(3, TimeUnit.SECONDS).build());
    assertThat(ForwardConnectionActivitiesImpl.probe(client, "x").status())
        .isEqualTo(ConnectionStatus.TIMEOUT);
  }

  @Test
  void connectionTestOutcomes() throws Exception {
    String version = "{\"build\":\"ee9b380\",\"release\":\"26.6.0-12\",\"version\":\"26.6.0\"}";
    respond(200, version);
    respond(200, "[]"); // GET /api/collectors
    respond(200, "{\"id\":\"9\",\"name\":\"ferry-permission-check-1\"}"); // createNetwork
    respond(200, "{\"id\":\"9\"}"); // deleteNetwork
    ConnectionOutcome ok = ForwardConnectionActivitiesImpl.probe(client, "x");
    assertThat(ok.status()).isEqualTo(ConnectionStatus.OK);
    assertThat(ok.forwardVersion()).isEqualTo("26.6.0");
    server.takeRequest(); // version
    server.takeRequest(); // collectors
    assertThat(server.takeRequest().getUrl().queryParameter("name"))
        .startsWith("ferry-permission-check-");
    assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");

    respond(200, version);
    respond(200, "[]");
    respond(200, "{\"id\":\"9\"}");
    respond(403, "{\"message\":\"Missing permission: OrgOperation.DELETE_NETWORK\"}");
    ConnectionOutcome leftOver = ForwardConnectionActivitiesImpl.probe(client, "x");
    assertThat(leftOver.status()).isEqualTo(ConnectionStatus.INSUFFICIENT_PERMISSION);
    assertThat(leftOver.message()).contains("not delete them").contains("network 9");

    respond(401, "{\"message\":\"Invalid username or password\"}");
    assertThat(ForwardConnectionActivitiesImpl.probe(client, "x").status())
        .isEqualTo(ConnectionStatus.BAD_CREDENTIALS);

    // TLS spoken to a server that answers in plain HTTP at once
    try (java.net.ServerSocket plain = new java.net.ServerSocket(0)) {
      Thread answer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (java.net.Socket socket = plain.accept()) {
                      socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                      socket.getInputStream().read();
                    } catch (java.io.IOException ignored) {
                      // the client hung up after the failed handshake
                    }
                  });
      OkHttpClient patient = http.newBuilder().readTimeout(Duration.ofSeconds(10)).build();
      ForwardClient tls =
          new ForwardClient(patient, "https://127.0.0.1:" + plain.getLocalPort(), "key", "s");
      assertThat(ForwardConnectionActivitiesImpl.probe(tls, "x").status())
          .isEqualTo(ConnectionStatus.TLS_FAILURE);
      answer.join(5000);
    }

    int closedPort = dev.ferry.testing.TemporalDevServer.freePort();
    ForwardClient nobody = new ForwardClient(http, "http://127.0.0.1:" + closedPort, "key", "s");
    assertThat(ForwardConnectionActivitiesImpl.probe(nobody, "x").status())
        .isEqualTo(ConnectionStatus.UNREACHABLE);
  }

  @Test
  void latestSnapshotAbsentOn404And409() {
    respond(404, "{\"message\":\"no snapshots\"}");
    assertThat(client.latestProcessedSnapshot("1")).isEmpty();
    respond(409, "{\"message\":\"processing\",\"reason\":\"SNAPSHOT_UNAVAILABLE\"}");
    assertThat(client.latestProcessedSnapshot("1")).isEmpty();
    respond(200, "{\"id\":\"456\",\"state\":\"PROCESSED\"}");
    assertThat(client.latestProcessedSnapshot("1"))
        .hasValueSatisfying(s -> assertThat(s.get("id").asText()).isEqualTo("456"));
  }

  private static RemoteException catchApi(Runnable call) {
    try {
      call.run();
    } catch (RemoteException e) {
      assertThat(e.status()).as("an answer, not a transport failure").isPositive();
      return e;
    }
    throw new AssertionError("expected a RemoteException");
  }
}
