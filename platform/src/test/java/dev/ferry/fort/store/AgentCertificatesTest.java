package dev.ferry.fort.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.TestCsr;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Agent certificates from the cluster CA, against a real PostgreSQL with the real migrations. */
class AgentCertificatesTest {

  private FortClusterRepository clusters;
  private FortStateRepository state;
  private FortAuditLog audit;
  private AgentCertificates certificates;
  private FortCluster cluster;
  private FortHost web1;

  @BeforeEach
  void cluster() {
    DriverManagerDataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    SecretStore secrets =
        new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(TestKeys.newKey("k1"))));
    clusters = new FortClusterRepository(jdbc);
    state =
        new FortStateRepository(jdbc, new org.springframework.jdbc.core.JdbcTemplate(dataSource));
    audit = new FortAuditLog(jdbc);
    certificates = new AgentCertificates(secrets, state, audit);
    cluster =
        new FortClusterProvisioning(clusters, secrets, new DataSourceTransactionManager(dataSource))
            .create(
                new FortClusterProvisioning.NewCluster(
                    "alpha",
                    "alpha.test",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    30,
                    null),
                c -> {});
    web1 = new FortHost("alpha", "Web-1", "https://10.0.0.1:7443", "10.0.0.1", "ssh-ed25519 AAAA");
    clusters.upsertHost(web1);
  }

  @Test
  void theHostsKeyIsCertifiedForItsAgentNameOnlyAndTheIssueIsTracked() throws Exception {
    KeyPair keys = TestCsr.ecKeyPair();
    // the request asks for another name: Ferry decides the name, not the requester
    String csr = TestCsr.pem(keys, "CN=web-2.fort.alpha.test");

    AgentCertificates.Issued issued = certificates.issue(cluster, web1, csr);

    List<X509Certificate> chain = parse(issued.certificatePem());
    X509Certificate leaf = chain.getFirst();
    X509Certificate ca = CertificateAuthorities.parseCertificate(cluster.caCertificatePem());
    leaf.verify(ca.getPublicKey());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca);
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(issued.agentName()).isEqualTo("web-1.fort.alpha.test");
    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactly(List.of(2, "web-1.fort.alpha.test"));
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getNotAfter().toInstant())
        .isBetween(
            Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
    assertThat(issued.certificatePem()).doesNotContain("PRIVATE KEY");

    Fulfilment row =
        state
            .fulfilment("alpha", "Web-1", AgentCertificates.SERVICE, AgentCertificates.NEED)
            .orElseThrow();
    assertThat(row.remoteId()).isEqualTo(issued.serial());
    assertThat(row.fingerprint()).isEqualTo("dns=web-1.fort.alpha.test");
    assertThat(row.expiresAt().toInstant()).isEqualTo(issued.notAfter());
    assertThat(audit.query("alpha", "Web-1", null, 10))
        .singleElement()
        .satisfies(a -> assertThat(a.detail()).contains(issued.serial(), "web-1.fort.alpha.test"));
  }

  @Test
  void requestsThatProveNothingOrCarryWeakKeysAreRefusedAndNothingIsRecorded() {
    KeyPair keys = TestCsr.ecKeyPair();
    KeyPair other = TestCsr.ecKeyPair();

    assertRefused("garbage", "csrPem", "not a PEM certificate signing request");
    assertRefused(cluster.caCertificatePem(), "csrPem", "not a PEM certificate signing request");
    assertRefused(
        TestCsr.pem(keys, other.getPrivate(), "CN=x"),
        "csrPem",
        "signature does not match its public key");
    assertRefused(TestCsr.pem(TestCsr.rsaKeyPair(1024), "CN=x"), "csrPem", "at least 2048 bits");
    FortHost underscore =
        new FortHost("alpha", "web_1", "https://10.0.0.2:7443", "10.0.0.2", "ssh-ed25519 AAAA");
    assertThatThrownBy(() -> certificates.issue(cluster, underscore, TestCsr.pem(keys, "CN=x")))
        .isInstanceOfSatisfying(
            AgentCertificates.BadRequest.class, e -> assertThat(e.field()).isEqualTo("host"))
        .hasMessageContaining("cannot be a certificate name");

    assertThat(state.fulfilments("alpha")).isEmpty();
    assertThat(audit.query("alpha", null, null, 10)).isEmpty();
  }

  @Test
  void anRsaKeyOfUsefulSizeIsAccepted() {
    AgentCertificates.Issued issued =
        certificates.issue(cluster, web1, TestCsr.pem(TestCsr.rsaKeyPair(2048), "CN=web-1"));
    assertThat(issued.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  private void assertRefused(String csr, String field, String message) {
    assertThatThrownBy(() -> certificates.issue(cluster, web1, csr))
        .isInstanceOfSatisfying(
            AgentCertificates.BadRequest.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
  }

  @SuppressWarnings("unchecked")
  private static List<X509Certificate> parse(String pem) throws Exception {
    return (List<X509Certificate>)
        (List<?>)
            List.copyOf(
                CertificateFactory.getInstance("X.509")
                    .generateCertificates(
                        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
  }
}
