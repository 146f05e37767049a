package dev.ferry.fort.store;

import dev.ferry.platform.secrets.SecretStore;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bootstraps a host's agent certificate from the cluster CA. The host generates its key and sends
 * only a certificate signing request, so the private key never leaves the host; Ferry decides the
 * name ({@link FortCluster#agentName}), whatever the request asks for. The issue is recorded as the
 * host's {@code agent-tls} fulfilment, which the providers renew through the agent before it
 * expires.
 */
@Service
public class AgentCertificates {

  /** The fulfilment the agent certificate is tracked as (the workflows' {@code Need.AGENT_TLS}). */
  public static final String NEED = "agent-tls";

  /** The fulfilment's service name, and the credential service the renewal is written to. */
  public static final String SERVICE = "agent";

  /** Host names that can be a DNS name: letters, digits and '-' in dot-separated labels. */
  private static final String DNS_HOST = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

  private final SecretStore secrets;
  private final FortStateRepository state;
  private final FortAuditLog audit;

  public AgentCertificates(SecretStore secrets, FortStateRepository state, FortAuditLog audit) {
    this.secrets = secrets;
    this.state = state;
    this.audit = audit;
  }

  /** An issued agent certificate; nothing in it is secret. */
  public record Issued(
      String host,
      String agentName,
      String certificatePem,
      String caCertificatePem,
      String serial,
      Instant notAfter) {}

  /** The request cannot be signed; {@code field} is what is wrong, the message says why. */
  public static final class BadRequest extends RuntimeException {
    private final String field;

    BadRequest(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** The name a host's agent certificate carries; a host name that cannot be one is refused. */
  public static String agentName(FortCluster cluster, String host) {
    if (!host.matches(DNS_HOST + "(\\." + DNS_HOST + ")*")) {
      throw new BadRequest(
          "host",
          "host name '"
              + host
              + "' cannot be a certificate name (letters, digits and '-' in dot-separated labels)");
    }
    return cluster.agentName(host);
  }

  /**
   * Signs {@code csrPem} (PKCS#10) for the host's agent name: the request must be signed by the key
   * it carries (proof that the requester holds it), with EC P-256/P-384 or RSA of at least 2048
   * bits. Throws {@link BadRequest} for a request that cannot be signed.
   */
  @Transactional
  public Issued issue(FortCluster cluster, FortHost host, String csrPem) {
    String name = agentName(cluster, host.name());
    PublicKey key = verifiedKey(csrPem);
    X509Certificate leaf =
        CertificateAuthorities.signServerCertificate(
            CertificateAuthorities.parseCertificate(cluster.caCertificatePem()),
            CertificateAuthorities.parsePrivateKey(secrets.open(cluster.caKeySecret())),
            key,
            List.of(name),
            Instant.now().plus(Duration.ofDays(cluster.certificateDays())));
    Instant notAfter = leaf.getNotAfter().toInstant();
    String serial = leaf.getSerialNumber().toString(16);
    state.fulfilled(
        cluster.name(),
        host.name(),
        SERVICE,
        NEED,
        fingerprint(name),
        serial,
        OffsetDateTime.ofInstant(notAfter, ZoneOffset.UTC));
    audit.record(
        cluster.name(),
        host.name(),
        SERVICE,
        NEED + ".bootstrap",
        "ok",
        "serial " + serial + " for " + name + " until " + notAfter + " (key held by the host)");
    return new Issued(
        host.name(),
        name,
        CertificateAuthorities.pem(leaf) + cluster.caCertificatePem(),
        cluster.caCertificatePem(),
        serial,
        notAfter);
  }

  /** What the planner compares: a changed name means a new certificate. */
  public static String fingerprint(String agentName) {
    return "dns=" + agentName;
  }

  private static PublicKey verifiedKey(String csrPem) {
    PKCS10CertificationRequest csr;
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      if (!(parser.readObject() instanceof PKCS10CertificationRequest request)) {
        throw new BadRequest(
            "csrPem", "not a PEM certificate signing request (BEGIN CERTIFICATE REQUEST)");
      }
      csr = request;
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadRequest bad) {
        throw bad;
      }
      throw new BadRequest("csrPem", "not a PEM certificate signing request: " + e.getMessage());
    }
    PublicKey key;
    try {
      key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new BadRequest("csrPem", "the request's signature does not match its public key");
      }
    } catch (OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
      throw new BadRequest(
          "csrPem", "the request's signature cannot be checked: " + e.getMessage());
    }
    requireStrong(key);
    return key;
  }

  private static void requireStrong(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits == 256 || bits == 384) {
        return;
      }
      throw new BadRequest("csrPem", "EC keys must be P-256 or P-384, not " + bits + " bits");
    }
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() >= 2048) {
        return;
      }
      throw new BadRequest(
          "csrPem", "RSA keys need at least 2048 bits, not " + rsa.getModulus().bitLength());
    }
    throw new BadRequest(
        "csrPem", "the key must be EC (P-256, P-384) or RSA, not " + key.getAlgorithm());
  }
}
