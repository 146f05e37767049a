package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.testing.HostTrust;
import dev.ferry.agent.testing.SshKeygen;
import dev.ferry.agent.testing.TestAgent;
import dev.ferry.agent.testing.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent over HTTPS: protocols, a CA-issued certificate, reload without dropping requests. */
class TlsTest {
  @TempDir Path tmp;

  TestCertificates.Ca ca;
  OpenSshPrivateKey key;
  String publicKey;
  TestAgent agent;

  @BeforeEach
  void keys() throws Exception {
    SshKeygen.assumePresent();
    Path k = SshKeygen.generate(tmp, "sandbox", "ed25519");
    key = OpenSshPrivateKey.parse(Files.readString(k));
    publicKey = SshKeygen.publicKey(k);
    ca = TestCertificates.ca(tmp.resolve("ca"), "test-cluster-ca");
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  TestAgent start(TestCertificates.Issued cert) throws IOException {
    return new TestAgent(
        Files.createDirectories(tmp.resolve("agent")),
        Map.of("ratched", Map.entry(publicKey, List.of("dev-sandbox"))),
        c -> TestAgent.useTls(c, cert.cert(), cert.key()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ec", "rsa", "ed25519"})
  void servesSignedRequestsOverTls13WithACaIssuedCertificate(String keyType) throws Exception {
    agent = start(TestCertificates.issue(ca, tmp.resolve("certs"), "ursula", "ursula", keyType));
    assertThat(agent.uri().getScheme()).isEqualTo("https");

    HttpResponse<String> r = agent.signed("GET", "/status", "", "ratched", key, TestAgent.now());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"host\":\"ursula\"");
    try (SSLSocket s = handshake(HostTrust.context(ca.cert(), "ursula"), "TLSv1.3", "TLSv1.2")) {
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void acceptsTls12WithForwardSecrecyAndRefusesPlainHttp() throws Exception {
    agent = start(TestCertificates.issue(ca, tmp.resolve("certs"), "ursula", "ursula", "ec"));
    SSLContext trust = HostTrust.context(ca.cert(), "ursula");
    try (SSLSocket s = handshake(trust, "TLSv1.2")) {
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
      assertThat(s.getSession().getCipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_");
    }
    // a plain-HTTP request to the TLS port gets no answer (the handshake fails)
    assertThatThrownBy(
            () ->
                java.net.http.HttpClient.newHttpClient()
                    .send(
                        java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(
                                    "http://127.0.0.1:" + agent.server.port() + "/status"))
                            .timeout(java.time.Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aClientOfAnotherCaOrHostRefusesTheAgent() throws Exception {
    agent = start(TestCertificates.issue(ca, tmp.resolve("certs"), "ursula", "ursula", "ec"));
    TestCertificates.Ca other = TestCertificates.ca(tmp.resolve("other"), "other-ca");
    assertThatThrownBy(
            () -> handshake(HostTrust.context(other.cert(), "ursula"), "TLSv1.3").close())
        .isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(() -> handshake(HostTrust.context(ca.cert(), "minos"), "TLSv1.3").close())
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("not for host minos");
  }

  @Test
  void reloadsARenewedCertificateWithoutDroppingRequests() throws Exception {
    TestCertificates.Issued first = startLive();
    BigInteger firstSerial = servedCertificate(trust()).getSerialNumber();

    // callers keep signing requests on keep-alive connections while the certificate is renewed
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(2);
    List<Future<?>> loops =
        List.of(
            callers.submit(() -> call(running, ok, failed, "a")),
            callers.submit(() -> call(running, ok, failed, "b")));
    try {
      Thread.sleep(300);
      TestCertificates.Issued renewed =
          TestCertificates.issue(ca, tmp.resolve("next"), "ursula", "ursula", "ec");
      // how certificate tools replace files: write beside, rename over (key first)
      Files.move(renewed.key(), first.key(), StandardCopyOption.ATOMIC_MOVE);
      Files.move(renewed.cert(), first.cert(), StandardCopyOption.ATOMIC_MOVE);
      assertThat(agent.server.reloadTls()).isTrue();
      Thread.sleep(300);
    } finally {
      running.set(false);
      for (Future<?> f : loops) {
        f.get();
      }
      callers.shutdown();
    }
    assertThat(failed.get()).isZero();
    assertThat(ok.get()).isGreaterThan(4);
    assertThat(servedCertificate(trust()).getSerialNumber()).isNotEqualTo(firstSerial);
  }

  @Test
  void aHalfWrittenRenewalKeepsTheCurrentCertificate() throws Exception {
    TestCertificates.Issued first = startLive();
    SSLContext trust = trust();
    BigInteger serial = servedCertificate(trust).getSerialNumber();
    TestCertificates.Issued renewed =
        TestCertificates.issue(ca, tmp.resolve("next"), "ursula", "ursula", "ec");
    Files.copy(renewed.cert(), first.cert(), StandardCopyOption.REPLACE_EXISTING); // key not yet

    assertThat(agent.server.reloadTls()).isFalse();
    assertThat(servedCertificate(trust).getSerialNumber()).isEqualTo(serial);
    assertThat(agent.signed("GET", "/status", "", "ratched", key, TestAgent.now()).statusCode())
        .isEqualTo(200);

    Files.copy(renewed.key(), first.key(), StandardCopyOption.REPLACE_EXISTING); // now complete
    assertThat(agent.server.reloadTls()).isTrue();
    assertThat(servedCertificate(trust).getSerialNumber()).isNotEqualTo(serial);
  }

  @Test
  void aKeyThatIsNotTheCertificatesStopsTheStart() throws Exception {
    TestCertificates.Issued a =
        TestCertificates.issue(ca, tmp.resolve("a"), "ursula", "ursula", "ec");
    TestCertificates.Issued b =
        TestCertificates.issue(ca, tmp.resolve("b"), "ursula", "ursula", "ec");
    assertThatThrownBy(() -> start(new TestCertificates.Issued(a.cert(), b.key())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not the private key of the certificate");
  }

  /** An agent serving a certificate from the "live" directory, which the test then renews. */
  private TestCertificates.Issued startLive() throws IOException {
    TestCertificates.Issued live =
        TestCertificates.issue(ca, tmp.resolve("live"), "ursula", "ursula", "ec");
    agent = start(live);
    return live;
  }

  private SSLContext trust() throws IOException {
    return HostTrust.context(ca.cert(), "ursula");
  }

  private void call(AtomicBoolean running, AtomicInteger ok, AtomicInteger failed, String tag) {
    int i = 0;
    while (running.get()) {
      try {
        int status =
            agent
                .signed("GET", "/status?n=" + tag + i++, "", "ratched", key, TestAgent.now())
                .statusCode();
        (status == 200 ? ok : failed).incrementAndGet();
      } catch (Exception e) {
        failed.incrementAndGet();
      }
    }
  }

  private X509Certificate servedCertificate(SSLContext trust) throws IOException {
    try (SSLSocket s = handshake(trust, "TLSv1.3")) {
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  private SSLSocket handshake(SSLContext trust, String... protocols) throws IOException {
    SSLSocket s =
        (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", agent.server.port());
    s.setEnabledProtocols(protocols);
    s.setSoTimeout(5000);
    s.startHandshake();
    return s;
  }
}
