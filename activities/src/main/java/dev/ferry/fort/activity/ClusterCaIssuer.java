package dev.ferry.fort.activity;

import dev.ferry.fort.store.CertificateAuthorities;
import dev.ferry.fort.store.FortCluster;
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
 * issue).
 */
@Component
public class ClusterCaIssuer implements CertificateIssuer {

  private final SecretStore secrets;

  public ClusterCaIssuer(SecretStore secrets) {
    this.secrets = secrets;
  }

  @Override
  public IssuedCertificate issue(FortCluster cluster, List<String> dnsNames) {
    X509Certificate ca;
    PrivateKey caKey;
    try {
      ca = CertificateAuthorities.parseCertificate(cluster.caCertificatePem());
      caKey = CertificateAuthorities.parsePrivateKey(secrets.open(cluster.caKeySecret()));
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
        CertificateAuthorities.pem(leaf) + cluster.caCertificatePem(),
        CertificateAuthorities.pem(keys.getPrivate()),
        leaf.getNotAfter().toInstant(),
        leaf.getSerialNumber().toString(16));
  }
}
