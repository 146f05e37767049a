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
import java.util.List;
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
    KeyPair keys;
    try {
      keys = CertificateAuthorities.newKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a key pair: " + e.getMessage(), e);
    }
    X509Certificate leaf =
        CertificateAuthorities.signServerCertificate(
            ca,
            caKey,
            keys.getPublic(),
            dnsNames,
            Instant.now().plus(Duration.ofDays(cluster.certificateDays())));
    return new IssuedCertificate(
        CertificateAuthorities.pem(leaf) + caPem,
        CertificateAuthorities.pem(keys.getPrivate()),
        leaf.getNotAfter().toInstant(),
        leaf.getSerialNumber().toString(16));
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
