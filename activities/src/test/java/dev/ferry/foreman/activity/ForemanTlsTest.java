package dev.ferry.foreman.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.workflow.ConnectionOutcome;
import dev.ferry.foreman.workflow.ConnectionTestResult;
import dev.ferry.platform.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS choices against an HTTPS server whose certificate comes from a private CA (as installer-made
 * Foremans have), and the exact Authorization header on the wire.
 */
class ForemanTlsTest {

  private static final HeldCertificate CA =
      new HeldCertificate.Builder()
          .certificateAuthority(0)
          .commonName("Ferry Test Foreman CA")
          .build();
  private static MockWebServer server;
  private static volatile String lastAuthorization;
  private static ForemanStore store;

  @BeforeAll
  static void start() throws Exception {
    HeldCertificate certificate =
        new HeldCertificate.Builder()
            .signedBy(CA)
            .addSubjectAlternativeName("localhost")
            .commonName("localhost")
            .build();
    server = new MockWebServer();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(certificate, CA.certificate())
            .build()
            .sslSocketFactory());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            lastAuthorization = request.getHeaders().get("Authorization");
            String body =
                request.getUrl().encodedPath().equals("/api/status")
                    ? "{\"result\":\"ok\",\"status\":200,\"version\":\"3.12.1\",\"api_version\":2}"
                    : "{\"total\":0,\"subtotal\":0,\"page\":1,\"per_page\":1,\"results\":[]}";
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
          }
        });
    server.start();
    store = new ForemanStore();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private ConnectionTestResult test(boolean verify, String caBundle) {
    SecretStore secrets = store.secrets;
    ForemanConfig config =
        store.configService.create(
            new ForemanConfig.Settings(
                "tls-" + System.nanoTime(),
                "https://localhost:" + server.getPort(),
                "svc-ferry",
                verify,
                caBundle,
                2_000,
                5_000,
                null),
            "pat:with:colons");
    return new ForemanConnectionActivitiesImpl(
            new ForemanClients(secrets),
            store.configs,
            store.results,
            new ForemanProperties(1000, 4, 5, 2))
        .testConnection(config.id());
  }

  @Test
  void privateCaIsATlsFailureUnderSystemTrust() {
    ConnectionTestResult result = test(true, null);

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.TLS_FAILURE);
    assertThat(result.message()).contains("TLS failure talking to localhost");
  }

  @Test
  void caBundleMakesThePrivateCaTrusted() {
    ConnectionTestResult result = test(true, CA.certificatePem());

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.OK);
    assertThat(result.foremanVersion()).isEqualTo("3.12.1");
  }

  @Test
  void verificationCanBeSwitchedOff() {
    assertThat(test(false, null).outcome()).isEqualTo(ConnectionOutcome.OK);
  }

  @Test
  void tokenTravelsAsBasicPasswordNeverAsBearer() {
    test(false, null);

    assertThat(lastAuthorization)
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("svc-ferry:pat:with:colons".getBytes(StandardCharsets.UTF_8)));
  }
}
