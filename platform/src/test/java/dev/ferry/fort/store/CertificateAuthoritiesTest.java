package dev.ferry.fort.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CertificateAuthoritiesTest {

  @Test
  void aCreatedAuthorityIsACaWhoseKeyRoundTripsThroughPem() {
    CertificateAuthorities.PemCa ca = CertificateAuthorities.create("Test CA", Duration.ofDays(10));

    X509Certificate cert = CertificateAuthorities.parseCertificate(ca.certificatePem());
    assertThat(cert.getBasicConstraints()).isZero();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
    assertThat(ca.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(CertificateAuthorities.parsePrivateKey(ca.privateKeyPem()).getAlgorithm())
        .isEqualTo("EC");
    assertThat(ca.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void garbageIsRefusedClearly() {
    assertThatThrownBy(() -> CertificateAuthorities.parseCertificate("nope"))
        .hasMessageContaining("certificate");
    assertThatThrownBy(() -> CertificateAuthorities.parsePrivateKey("nope"))
        .hasMessageContaining("private key");
  }
}
