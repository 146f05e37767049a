package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortCluster;
import java.time.Instant;
import java.util.List;

/**
 * Issues server certificates for a cluster; the cluster CA today, ACME could be another
 * implementation.
 */
public interface CertificateIssuer {

  /** A certificate with its chain and key, PEM-encoded. */
  record IssuedCertificate(
      String fullchainPem, String privateKeyPem, Instant notAfter, String serial) {
    @Override
    public String toString() {
      return "IssuedCertificate[serial " + serial + ", notAfter " + notAfter + "]";
    }
  }

  IssuedCertificate issue(FortCluster cluster, List<String> dnsNames);
}
