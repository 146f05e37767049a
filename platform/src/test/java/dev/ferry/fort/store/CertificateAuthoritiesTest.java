package dev.ferry.fort.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CertificateAuthoritiesTest {

  @Test
  void aCreatedAuthorityIsACaWhoseKeyRoundTripsThroughPem() {
    CertificateAuthorities.PemCa ca =
        CertificateAuthorities.create("Test CA", Duration.ofDays(10), "example.test");

    X509Certificate cert = CertificateAuthorities.parseCertificate(ca.certificatePem());
    assertThat(cert.getBasicConstraints()).isZero();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
    assertThat(ca.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(CertificateAuthorities.parsePrivateKey(ca.privateKeyPem()).getAlgorithm())
        .isEqualTo("EC");
    assertThat(ca.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void theNameConstraintsAreEnforcedByAStandardVerifierWhateverTheCaSigns() throws Exception {
    CertificateAuthorities.PemCa ca =
        CertificateAuthorities.create("Test CA", Duration.ofDays(10), "example.test");
    X509Certificate caCert = CertificateAuthorities.parseCertificate(ca.certificatePem());
    PrivateKey caKey = CertificateAuthorities.parsePrivateKey(ca.privateKeyPem());

    assertThat(caCert.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
    validate(caCert, leaf(caCert, caKey, "wiki.example.test")); // inside: accepted
    // a leaf the CA key signed for a name outside the domain: the JDK's PKIX refuses it
    for (String outside : List.of("bank.test", "example.test.evil.test", "*")) {
      assertThatThrownBy(() -> validate(caCert, leaf(caCert, caKey, outside)))
          .as(outside)
          .isInstanceOf(CertificateException.class);
    }
  }

  @Test
  void anOldUnconstrainedCaIsReissuedWithConstraintsAndItsLeavesStillVerify() throws Exception {
    CertificateAuthorities.PemCa old = unconstrainedCa();
    X509Certificate oldCert = CertificateAuthorities.parseCertificate(old.certificatePem());
    PrivateKey key = CertificateAuthorities.parsePrivateKey(old.privateKeyPem());
    X509Certificate issuedBefore = leaf(oldCert, key, "wiki.example.test");

    X509Certificate reissued =
        CertificateAuthorities.parseCertificate(
            CertificateAuthorities.withNameConstraints(old.certificatePem(), key, "example.test"));

    assertThat(CertificateAuthorities.permittedDnsNames(oldCert)).isEmpty();
    assertThat(CertificateAuthorities.permittedDnsNames(reissued)).containsExactly("example.test");
    assertThat(reissued.getNotAfter()).isEqualTo(oldCert.getNotAfter());
    validate(reissued, issuedBefore);
    assertThatThrownBy(() -> validate(reissued, leaf(oldCert, key, "bank.test")))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void garbageIsRefusedClearly() {
    assertThatThrownBy(() -> CertificateAuthorities.parseCertificate("nope"))
        .hasMessageContaining("certificate");
    assertThatThrownBy(() -> CertificateAuthorities.parsePrivateKey("nope"))
        .hasMessageContaining("private key");
  }

  /** A CA as clusters registered before name constraints had it: self-signed, no constraints. */
  static CertificateAuthorities.PemCa unconstrainedCa() throws Exception {
    KeyPair keys = CertificateAuthorities.newKeyPair();
    X500Name subject = new X500Name("CN=Old CA");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            CertificateAuthorities.serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(30))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    return new CertificateAuthorities.PemCa(
        CertificateAuthorities.pem(cert), CertificateAuthorities.pem(keys.getPrivate()));
  }

  private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, String dnsName)
      throws Exception {
    KeyPair keys = CertificateAuthorities.newKeyPair();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca,
            CertificateAuthorities.serial(),
            Date.from(now.minus(Duration.ofMinutes(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name("CN=leaf"),
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
  }

  /**
   * {@code openssl verify} with the CA as trust anchor: a real verifier (the one behind nginx and
   * curl) that applies the name constraints the CA certificate carries. The JDK's PKIX ignores an
   * anchor's constraints, as RFC 5280 allows, so it cannot show them.
   */
  private static void validate(X509Certificate ca, X509Certificate leaf) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl missing");
    Path dir = Files.createTempDirectory("ca-test");
    Files.writeString(dir.resolve("ca.pem"), CertificateAuthorities.pem(ca));
    Files.writeString(dir.resolve("leaf.pem"), CertificateAuthorities.pem(leaf));
    Process p =
        new ProcessBuilder(
                "/usr/bin/openssl",
                "verify",
                "-CAfile",
                dir.resolve("ca.pem").toString(),
                dir.resolve("leaf.pem").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new CertificateException("openssl verify refused: " + out.strip());
    }
  }
}
