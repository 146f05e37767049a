package dev.ferry.fort.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Against a real PostgreSQL with the real migrations. */
class FortClusterProvisioningTest {

  private JdbcClient jdbc;
  private SecretStore secrets;
  private FortClusterRepository clusters;
  private FortClusterProvisioning provisioning;

  @BeforeEach
  void migrate() {
    DriverManagerDataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    secrets = new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(TestKeys.newKey("k1"))));
    clusters = new FortClusterRepository(jdbc);
    provisioning =
        new FortClusterProvisioning(
            clusters, secrets, new DataSourceTransactionManager(dataSource));
  }

  private static FortClusterProvisioning.NewCluster spec(
      String name, CertificateAuthorities.PemCa ca) {
    return new FortClusterProvisioning.NewCluster(
        name,
        "example.test",
        "https://id.example.test",
        "pocket-api-key-123",
        "https://git.example.test",
        "forge-admin",
        "forgejo-password-456",
        ca,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void createsTheCaAndSigningKeyAndStoresEverySecretSealed() throws Exception {
    boolean[] inTransaction = new boolean[1];
    FortCluster cluster =
        provisioning.create(
            spec("alpha", null),
            c -> inTransaction[0] = TransactionSynchronizationManager.isActualTransactionActive());

    assertThat(inTransaction[0]).as("the hook runs inside the insert's transaction").isTrue();
    assertThat(clusters.find("alpha")).contains(cluster);
    assertThat(cluster.intervalSeconds()).isEqualTo(60);
    assertThat(cluster.beaconListenPort()).isEqualTo(80);
    assertThat(cluster.beaconTlsPort()).isEqualTo(443);
    assertThat(cluster.beaconProxyRoot()).isEqualTo(FortClusterProvisioning.DEFAULT_PROXY_ROOT);
    assertThat(
            CertificateAuthorities.permittedDnsNames(
                CertificateAuthorities.parseCertificate(cluster.caCertificatePem())))
        .as("the CA Ferry makes signs only names in the cluster's domain")
        .containsExactly("example.test");
    assertThat(secrets.open(cluster.pocketIdKeySecret())).isEqualTo("pocket-api-key-123");
    assertThat(secrets.open(cluster.forgejoPasswordSecret())).isEqualTo("forgejo-password-456");
    assertThat(
            signedBy(
                CertificateAuthorities.parsePrivateKey(secrets.open(cluster.caKeySecret())),
                CertificateAuthorities.parseCertificate(cluster.caCertificatePem())))
        .as("the sealed CA key belongs to the stored CA certificate")
        .isTrue();
    assertThat(secrets.open(cluster.signingKeySecret())).contains("OPENSSH PRIVATE KEY");
    assertThat(clusters.principals("alpha"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo(FortCluster.PRINCIPAL);
              assertThat(p.publicKeys()).containsExactly(cluster.signingPublicKey());
            });
    List<String> stored =
        jdbc.sql("SELECT ciphertext FROM secrets WHERE purpose LIKE 'fort:alpha:%'")
            .query(String.class)
            .list();
    assertThat(stored).hasSize(4);
    assertThat(String.join("\n", stored))
        .doesNotContain("pocket-api-key-123", "forgejo-password-456", "PRIVATE KEY");
  }

  @Test
  void aGivenConstrainedCaIsStoredAsGiven() {
    CertificateAuthorities.PemCa ca =
        CertificateAuthorities.create("Operator CA", Duration.ofDays(30), "example.test");
    FortCluster cluster = provisioning.create(spec("beta", ca), c -> {});
    assertThat(cluster.caCertificatePem()).isEqualTo(ca.certificatePem());
    assertThat(secrets.open(cluster.caKeySecret())).isEqualTo(ca.privateKeyPem());
  }

  @Test
  void aGivenCaWithoutConstraintsIsReissuedWithThemAndOneForAnotherDomainRefused()
      throws Exception {
    CertificateAuthorities.PemCa open = CertificateAuthoritiesTest.unconstrainedCa();
    FortCluster cluster = provisioning.create(spec("delta", open), c -> {});

    X509Certificate stored = CertificateAuthorities.parseCertificate(cluster.caCertificatePem());
    X509Certificate given = CertificateAuthorities.parseCertificate(open.certificatePem());
    assertThat(CertificateAuthorities.permittedDnsNames(stored)).containsExactly("example.test");
    assertThat(stored.getPublicKey()).isEqualTo(given.getPublicKey());
    assertThat(stored.getSubjectX500Principal()).isEqualTo(given.getSubjectX500Principal());
    assertThat(secrets.open(cluster.caKeySecret())).isEqualTo(open.privateKeyPem());

    CertificateAuthorities.PemCa elsewhere =
        CertificateAuthorities.create("Other CA", Duration.ofDays(30), "other.test");
    assertThatThrownBy(() -> provisioning.create(spec("epsilon", elsewhere), c -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exclude example.test");
    assertThat(clusters.find("epsilon")).isEmpty();
  }

  @Test
  void aFailureInsideTheTransactionLeavesNoClusterAndNoSecret() {
    assertThatThrownBy(
            () ->
                provisioning.create(
                    spec("gamma", null),
                    c -> {
                      throw new IllegalStateException("schedule service down");
                    }))
        .hasMessage("schedule service down");

    assertThat(clusters.find("gamma")).isEmpty();
    assertThat(count("SELECT count(*) FROM fort_principals")).isZero();
    assertThat(count("SELECT count(*) FROM secrets")).isZero();
  }

  @Test
  void deleteRemovesTheClusterAndItsSecrets() {
    FortCluster kept = provisioning.create(spec("keep", null), c -> {});
    FortCluster gone = provisioning.create(spec("gone", null), c -> {});

    provisioning.delete(gone);

    assertThat(clusters.find("gone")).isEmpty();
    assertThat(count("SELECT count(*) FROM secrets WHERE purpose LIKE 'fort:gone:%'")).isZero();
    assertThat(count("SELECT count(*) FROM secrets WHERE purpose LIKE 'fort:keep:%'")).isEqualTo(4);
    assertThat(secrets.open(kept.caKeySecret())).contains("PRIVATE KEY");
  }

  private static boolean signedBy(PrivateKey key, X509Certificate certificate) throws Exception {
    byte[] data = "probe".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(data);
    return verifier.verify(signature);
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}
