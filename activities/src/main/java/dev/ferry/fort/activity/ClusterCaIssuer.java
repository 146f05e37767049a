package dev.ferry.fort.activity;

import dev.ferry.fort.store.CertificateAuthorities;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.platform.secrets.SecretStore;
import io.temporal.failure.ApplicationFailure;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;

/**
 * Signs server certificates with the cluster's own CA (its key is opened from the secret store per
 * issue). This is the one place that decides which names the CA signs: only valid DNS names inside
 * the cluster's domain, never a wildcard. A CA from before name constraints (a cluster registered
 * earlier) is re-issued with them, same key and subject, at its next issue.
 */
@Component
public class ClusterCaIssuer implements CertificateIssuer {

  private final SecretStore secrets;
  private final FortClusterRepository clusters;

  public ClusterCaIssuer(SecretStore secrets, FortClusterRepository clusters) {
    this.secrets = secrets;
    this.clusters = clusters;
  }

  @Override
  public IssuedCertificate issue(FortCluster cluster, List<String> dnsNames) {
    checkNames(cluster, dnsNames);
    X509Certificate ca;
    PrivateKey caKey;
    String caPem;
    try {
      caKey = CertificateAuthorities.parsePrivateKey(secrets.open(cluster.caKeySecret()));
      caPem = constrained(cluster, caKey);
      ca = CertificateAuthorities.parseCertificate(caPem);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the cluster CA is unusable: " + e.getMessage(), "BadCa");
    }
    try {
      KeyPair keys = CertificateAuthorities.newKeyPair();
      Instant now = Instant.now();
      Instant notAfter = now.plus(Duration.ofDays(cluster.certificateDays()));
      if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
        notAfter = ca.getNotAfter().toInstant(); // never outlive the issuer
      }
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca,
              CertificateAuthorities.serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(notAfter),
              new X500Name("CN=" + dnsNames.getFirst()),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              dnsNames.stream()
                  .map(n -> new GeneralName(GeneralName.dNSName, n))
                  .toArray(GeneralName[]::new)));
      X509Certificate leaf =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
      return new IssuedCertificate(
          CertificateAuthorities.pem(leaf) + caPem,
          CertificateAuthorities.pem(keys.getPrivate()),
          notAfter,
          leaf.getSerialNumber().toString(16));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot issue certificate: " + e.getMessage(), e);
    }
  }

  /** Every name must be a valid DNS name strictly inside the cluster's domain; else nothing. */
  static void checkNames(FortCluster cluster, List<String> dnsNames) {
    if (dnsNames.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("no name to certify", "NameRefused");
    }
    for (String name : dnsNames) {
      if (!DnsNames.isInside(name, cluster.domain())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the cluster CA signs only names inside "
                + cluster.domain()
                + ", not "
                + (name == null ? "null" : name.replaceAll("\\p{Cntrl}", "?")),
            "NameRefused");
      }
    }
  }

  /**
   * The CA certificate with name constraints: as stored when it has them, else re-issued and
   * stored. A CA that cannot be re-issued (not self-signed) is refused.
   */
  private String constrained(FortCluster cluster, PrivateKey caKey) {
    X509Certificate ca = CertificateAuthorities.parseCertificate(cluster.caCertificatePem());
    List<String> permitted = CertificateAuthorities.permittedDnsNames(ca);
    if (!permitted.isEmpty()) {
      if (!CertificateAuthorities.permitsDomain(permitted, cluster.domain())) {
        throw new IllegalArgumentException(
            "its name constraints (" + String.join(", ", permitted) + ") exclude the domain");
      }
      return cluster.caCertificatePem();
    }
    String reissued =
        CertificateAuthorities.withNameConstraints(
            cluster.caCertificatePem(), caKey, cluster.domain());
    clusters.updateCaCertificate(cluster.name(), reissued);
    return reissued;
  }
}
