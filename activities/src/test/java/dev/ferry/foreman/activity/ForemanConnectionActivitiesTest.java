package dev.ferry.foreman.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import dev.ferry.foreman.workflow.ConnectionOutcome;
import dev.ferry.foreman.workflow.ConnectionTestResult;
import dev.ferry.sandbox.core.FaultRule;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import dev.ferry.testing.Blackhole;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every outcome class of the connection test, against the Foreman sandbox over real HTTP (or no
 * server at all).
 */
class ForemanConnectionActivitiesTest {

  private static final String TOKEN = "pat-admin-7d1f";
  private static ForemanSandbox foreman;
  private static ForemanStore store;
  private ForemanConnectionActivitiesImpl activities;

  @BeforeAll
  static void start() {
    foreman =
        new ForemanSandbox(120)
            .user(ForemanUser.admin("admin", TOKEN))
            .user(ForemanUser.withToken("viewer", "pat-viewer", Set.of("view_facts")))
            .failedLoginLockout(0, Duration.ZERO)
            .start(0);
    store = new ForemanStore();
  }

  @AfterAll
  static void stop() {
    foreman.close();
  }

  @BeforeEach
  void setUp() {
    foreman.faults().reset();
    activities =
        new ForemanConnectionActivitiesImpl(
            new ForemanClients(store.secrets),
            store.configs,
            store.results,
            new ForemanProperties(1000, 4, 3, 2));
  }

  private ConnectionTestResult test(String baseUrl, String user, String token) {
    return activities.testConnection(
        store.config("c-" + System.nanoTime(), baseUrl, user, token, 500, 700).id());
  }

  @Test
  void okReportsVersionAndLatencyAndAuthenticatesWithBasic() {
    ConnectionTestResult result = test(foreman.baseUrl(), "admin", TOKEN);

    // the sandbox, like Foreman, answers a Bearer token with 401: OK proves Basic login:token was
    // sent
    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.OK);
    assertThat(result.foremanVersion()).isEqualTo(ForemanSandbox.VERSION);
    assertThat(result.latencyMs()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(result.message()).contains("3.13.0").contains("admin").doesNotContain(TOKEN);
  }

  @Test
  void wrongTokenIsBadCredentialsWithForemansMessage() {
    ConnectionTestResult result = test(foreman.baseUrl(), "admin", "not-the-token");

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.BAD_CREDENTIALS);
    assertThat(result.message())
        .startsWith("Authentication failed")
        .contains("answered 401")
        .contains("Unable to authenticate");
    assertThat(result.foremanVersion()).isNull();
  }

  @Test
  void missingViewPermissionsArePermissionDeniedAndNamed() {
    ConnectionTestResult result = test(foreman.baseUrl(), "viewer", "pat-viewer");

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.PERMISSION_DENIED);
    assertThat(result.missingPermissions()).contains("view_hosts", "view_compute_resources");
    assertThat(result.message()).contains("view_hosts");
    assertThat(result.foremanVersion()).isEqualTo(ForemanSandbox.VERSION);
  }

  @Test
  void refusedConnectionIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ConnectionTestResult result = test("http://127.0.0.1:" + closedPort, "admin", TOKEN);

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.UNREACHABLE);
    assertThat(result.message()).contains("cannot connect");
  }

  @Test
  void unknownHostIsUnreachable() {
    // .invalid never resolves (RFC 6761)
    ConnectionTestResult result = test("http://foreman.ferry-test.invalid", "admin", TOKEN);

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.UNREACHABLE);
    assertThat(result.message()).contains("foreman.ferry-test.invalid");
  }

  @Test
  void noConnectionWithinTheConnectTimeoutIsUnreachable() throws IOException {
    try (Blackhole blackhole = new Blackhole()) {
      ConnectionTestResult result = test(blackhole.url(), "admin", TOKEN); // connect timeout 500 ms

      assertThat(result.outcome()).isEqualTo(ConnectionOutcome.UNREACHABLE);
      assertThat(result.message()).contains("cannot connect").contains("timed out");
    }
  }

  @Test
  void aJsonAnswerWithoutForemansApiVersionIsNotForeman() throws IOException {
    try (MockWebServer other = new MockWebServer()) {
      other.enqueue(json(200, "{\"result\":\"ok\",\"status\":200}"));
      other.start();

      ConnectionTestResult result = test(other.url("/").toString(), "admin", TOKEN);

      assertThat(result.outcome()).isEqualTo(ConnectionOutcome.NOT_FOREMAN);
      assertThat(result.message()).startsWith("Not Foreman").contains("/api/status");
      assertThat(result.foremanVersion()).isNull();
      assertThat(other.getRequestCount()).as("no probes after the status").isEqualTo(1);
    }
  }

  @Test
  void anHtmlPageOrA404ForTheStatusRouteIsNotForeman() throws IOException {
    try (MockWebServer other = new MockWebServer()) {
      other.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "text/html")
              .body("<html><body>Welcome to nginx!</body></html>")
              .build());
      other.enqueue(json(404, "{\"error\":\"no such route\"}"));
      other.start();

      assertThat(test(other.url("/").toString(), "admin", TOKEN).outcome())
          .isEqualTo(ConnectionOutcome.NOT_FOREMAN);
      assertThat(test(other.url("/").toString(), "admin", TOKEN).outcome())
          .isEqualTo(ConnectionOutcome.NOT_FOREMAN);
    }
  }

  @Test
  void theApiVersionInTheStatusBodyAloneProvesForeman() throws IOException {
    // a proxy that strips response headers still passes Foreman's status body through
    try (MockWebServer proxied = new MockWebServer()) {
      proxied.enqueue(
          json(200, "{\"result\":\"ok\",\"status\":200,\"version\":\"3.9.1\",\"api_version\":2}"));
      proxied.enqueue(json(200, "{\"total\":1,\"subtotal\":1,\"results\":[{\"id\":1}]}"));
      proxied.enqueue(json(200, "{\"total\":0,\"subtotal\":0,\"results\":[]}"));
      proxied.start();

      ConnectionTestResult result = test(proxied.url("/").toString(), "admin", TOKEN);

      assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectionOutcome.OK);
      assertThat(result.foremanVersion()).isEqualTo("3.9.1");
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsTimeout() {
    foreman.faults().add(FaultRule.slow(1, "/api/status", 5_000));

    ConnectionTestResult result = test(foreman.baseUrl(), "admin", TOKEN);

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.TIMEOUT);
  }

  @Test
  void serverErrorIsUnexpectedResponse() {
    foreman.faults().add(FaultRule.status(500, 1, "/api/status", 0));

    ConnectionTestResult result = test(foreman.baseUrl(), "admin", TOKEN);

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.UNEXPECTED_RESPONSE);
    assertThat(result.message()).contains("answered 500");
  }

  @Test
  void resultsAreRecordedOncePerRunAndOnlyTheNewestAreKept() {
    ForemanConfig config = store.config("kept", foreman.baseUrl(), "admin", TOKEN);
    for (int i = 0; i < 5; i++) {
      ConnectionTestResult result =
          new ConnectionTestResult(
              ConnectionOutcome.OK,
              "run " + i,
              "3.13.0",
              5L + i,
              List.of(),
              Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
      activities.recordTestResult("run-" + i, config.id(), result);
      activities.recordTestResult("run-" + i, config.id(), result); // a retried activity
    }

    List<ForemanTestResultRepository.StoredResult> kept = store.results.latest(config.id(), 10);
    assertThat(kept)
        .extracting(ForemanTestResultRepository.StoredResult::id)
        .containsExactly("run-4", "run-3", "run-2");
  }

  @Test
  void configurationsThatExistAreListed() {
    ForemanConfig config = store.config("listed", foreman.baseUrl(), "admin", TOKEN);
    assertThat(activities.listConfigIds()).contains(config.id());
  }
}
