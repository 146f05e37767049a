package dev.ferry.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.testing.Blackhole;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How every remote call's outcome is classified and handed to Temporal. */
class RemoteTargetTest {

  private static final Timeouts QUICK =
      new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(5));

  private final MockWebServer server = new MockWebServer();
  private RemoteTarget target;

  @BeforeEach
  void start() throws IOException {
    server.start();
    target = target(server.url("/base").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static RemoteTarget target(String baseUrl) {
    return new RemoteTarget(
        "Example",
        baseUrl,
        Auth.bearer("t0ken"),
        HttpClients.forTarget(QUICK, TlsTrust.system()),
        FailureTypes.prefixed("Example"));
  }

  private RemoteException failure(MockResponse response) {
    server.enqueue(response);
    return failure();
  }

  private RemoteException failure() {
    return catchThrowableOfType(
        RemoteException.class, () -> target.json("GET", target.url("things"), null));
  }

  private static MockResponse answer(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  @Test
  void sendsAuthAndAcceptAndReadsJson() throws Exception {
    server.enqueue(answer(200, "{\"ok\":true}"));
    assertThat(
            target
                .json("POST", target.url("things"), java.util.Map.of("a", 1))
                .path("ok")
                .asBoolean())
        .isTrue();
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/base/things");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getBody().utf8()).isEqualTo("{\"a\":1}");
  }

  @Test
  void serverErrorsAreRetried() {
    for (int status : new int[] {500, 502, 503}) {
      RemoteException e = failure(answer(status, "{\"message\":\"down for maintenance\"}"));
      assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
      ApplicationFailure f = e.toFailure();
      assertThat(f.isNonRetryable()).isFalse();
      assertThat(f.getType()).isEqualTo("ExampleSERVER_ERROR");
      assertThat(f.getOriginalMessage())
          .isEqualTo("Example answered " + status + " to GET /base/things: down for maintenance");
    }
  }

  @Test
  void requestTimeoutAnswerIsRetried() {
    RemoteException e = failure(answer(408, ""));
    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(e.toFailure().isNonRetryable()).isFalse();
  }

  @Test
  void rateLimitWaitsForRetryAfterSeconds() {
    RemoteException e =
        failure(new MockResponse.Builder().code(429).addHeader("Retry-After", "17").build());
    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    ApplicationFailure f = e.toFailure();
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void rateLimitWaitsForRetryAfterDate() {
    String inTwoMinutes =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().plusSeconds(120).atOffset(ZoneOffset.UTC));
    RemoteException e =
        failure(
            new MockResponse.Builder().code(429).addHeader("Retry-After", inTwoMinutes).build());
    assertThat(e.toFailure().getNextRetryDelay())
        .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
  }

  @Test
  void rateLimitWithoutRetryAfterUsesTheRetryPolicy() {
    RemoteException e = failure(answer(429, ""));
    assertThat(e.toFailure().isNonRetryable()).isFalse();
    assertThat(e.toFailure().getNextRetryDelay()).isNull();
  }

  @Test
  void otherClientErrorsStopWithTheRemotesMessageClipped() {
    String longText = "x".repeat(1000);
    for (int status : new int[] {400, 401, 403, 404, 409, 422}) {
      RemoteException e = failure(answer(status, longText));
      ApplicationFailure f = e.toFailure();
      assertThat(f.isNonRetryable()).as("status %d", status).isTrue();
      assertThat(e.status()).isEqualTo(status);
      assertThat(f.getOriginalMessage())
          .startsWith("Example answered " + status + " to GET /base/things: xxx")
          .endsWith("…")
          .hasSizeLessThan(400);
    }
    assertThat(failure(answer(401, "")).kind()).isEqualTo(FailureKind.BAD_CREDENTIALS);
    assertThat(failure(answer(403, "")).kind()).isEqualTo(FailureKind.PERMISSION_DENIED);
    assertThat(failure(answer(404, "")).kind()).isEqualTo(FailureKind.NOT_FOUND);
    assertThat(failure(answer(422, "")).kind()).isEqualTo(FailureKind.BAD_REQUEST);
  }

  @Test
  void retryAfterOfARejectionIsIgnored() {
    RemoteException e =
        failure(new MockResponse.Builder().code(400).addHeader("Retry-After", "5").build());
    assertThat(e.retryAfter()).isNull();
  }

  @Test
  void errorShapesOfTheProductsWeCall() {
    assertThat(failure(answer(400, "{\"error\":{\"message\":\"bad\",\"details\":\"why\"}}")))
        .hasMessageEndingWith(": bad (why)");
    assertThat(failure(answer(422, "{\"error\":{\"full_messages\":[\"a\",\"b\"]}}")))
        .hasMessageEndingWith(": a; b");
    assertThat(failure(answer(403, "{\"error\":\"not authorized\"}")))
        .hasMessageEndingWith(": not authorized");
    assertThat(failure(answer(400, "{\"displayMessage\":\"shown\"}")))
        .hasMessageEndingWith(": shown");
    assertThat(failure(answer(500, ""))).hasMessageEndingWith(": (empty body)");
  }

  @Test
  void noAnswerInTimeIsARetriedTimeout() {
    RemoteException e =
        failure(
            new MockResponse.Builder()
                .code(200)
                .body("{}")
                .headersDelay(3, TimeUnit.SECONDS)
                .build());
    assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(e.status()).isZero();
    assertThat(e.toFailure().isNonRetryable()).isFalse();
    assertThat(e.toFailure().getType()).isEqualTo("ExampleTIMEOUT");
  }

  @Test
  void noConnectionWithinTheConnectTimeoutIsUnreachableNotTimeout() throws Exception {
    try (Blackhole blackhole = new Blackhole()) {
      RemoteTarget unreachable = target(blackhole.url());
      RemoteException e =
          catchThrowableOfType(
              RemoteException.class,
              () -> unreachable.json("GET", unreachable.url("things"), null));

      // nothing accepted the connection: the same kind as a refused one, still retried
      assertThat(e.kind()).isEqualTo(FailureKind.UNREACHABLE);
      assertThat(e).hasMessageContaining("cannot connect to 127.0.0.1");
      assertThat(e.toFailure().isNonRetryable()).isFalse();
    }
  }

  @Test
  void connectionResetIsRetried() throws Exception {
    try (ServerSocket resetting = new ServerSocket(0)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket socket = resetting.accept()) {
                  socket.getInputStream().read(); // the request has started arriving
                  socket.setSoLinger(true, 0); // close with RST
                } catch (IOException ignored) {
                  // the test only needs the reset
                }
              });
      target = target("http://127.0.0.1:" + resetting.getLocalPort());
      RemoteException e = failure();
      assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED);
      assertThat(e.toFailure().isNonRetryable()).isFalse();
    }
  }

  @Test
  void refusedConnectionIsRetriedAsUnreachable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    target = target("http://127.0.0.1:" + closed);
    RemoteException e = failure();
    assertThat(e.kind()).isEqualTo(FailureKind.UNREACHABLE);
    assertThat(e).hasMessageContaining("cannot connect to 127.0.0.1:" + closed);
    assertThat(e.toFailure().isNonRetryable()).isFalse();
  }

  @Test
  void tlsTheRemoteCannotSpeakIsNotRetried() throws Exception {
    try (ServerSocket plain = new ServerSocket(0)) {
      // Answers in plain HTTP at once, so the handshake fails on the reply, not on a timeout.
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket socket = plain.accept()) {
                  socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                  socket.getInputStream().read();
                } catch (IOException ignored) {
                  // the test only needs the plain answer
                }
              });
      target = target("https://127.0.0.1:" + plain.getLocalPort());
      RemoteException e = failure();
      assertThat(e.kind()).isEqualTo(FailureKind.TLS);
      assertThat(e.toFailure().isNonRetryable()).isTrue();
    }
  }

  @Test
  void unreadableAnswerIsRetried() {
    server.enqueue(answer(200, "<html>login</html>"));
    RemoteException e = failure();
    assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED);
    assertThat(e).hasMessageContaining("<html>login</html>");
    assertThat(e.toFailure().isNonRetryable()).isFalse();
  }

  @Test
  void notFoundCanBeAnAnswer() {
    server.enqueue(answer(404, ""));
    assertThat(target.jsonIfFound("DELETE", target.url("things", "1"), null)).isEmpty();
    server.enqueue(answer(204, ""));
    assertThat(target.jsonIfFound("DELETE", target.url("things", "1"), null)).isPresent();
  }

  @Test
  void redirectsAreNotFollowed() {
    RemoteException e =
        failure(
            new MockResponse.Builder()
                .code(301)
                .addHeader("Location", "http://elsewhere/")
                .build());
    assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
