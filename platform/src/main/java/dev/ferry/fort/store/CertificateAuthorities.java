package dev.ferry.fort.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creating a cluster's own certificate authority and moving certificates and keys through PEM. */
public final class CertificateAuthorities {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A CA as stored: the certificate in the cluster row, the key in the secret store. */
  public record PemCa(String certificatePem, String privateKeyPem) {
    @Override
    public String toString() {
      return "PemCa[certificate only]";
    }
  }

  private CertificateAuthorities() {}

  /**
   * A new self-signed CA for a cluster, name-constrained to {@code domain}: a verifier refuses any
   * DNS name it signs outside the domain, even one Ferry was tricked into issuing.
   */
  public static PemCa create(String commonName, Duration validity, String domain) {
    try {
      KeyPair keys = newKeyPair();
      X500Name subject = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      X509Certificate cert =
          selfSigned(
              subject,
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              keys.getPublic(),
              keys.getPrivate(),
              domain);
      return new PemCa(pem(cert), pem(keys.getPrivate()));
    } catch (GeneralSecurityException
        | org.bouncycastle.operator.OperatorCreationException
        | IOException e) {
      throw new IllegalStateException("cannot create certificate authority", e);
    }
  }

  /**
   * The same CA (subject, key, validity) re-issued with name constraints for {@code domain}. Leaf
   * certificates it signed before still verify: they name the same issuer and its key signed them.
   * Only a self-signed CA can be re-issued this way; anything else is refused.
   */
  public static String withNameConstraints(
      String caCertificatePem, PrivateKey caKey, String domain) {
    X509Certificate ca = parseCertificate(caCertificatePem);
    if (!isSelfSigned(ca)) {
      throw new IllegalArgumentException(
          "the CA is not self-signed, so Ferry cannot add name constraints to it: give a CA whose"
              + " issuer constrained it to the cluster domain");
    }
    try {
      return pem(
          selfSigned(
              X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
              ca.getNotBefore(),
              ca.getNotAfter(),
              ca.getPublicKey(),
              caKey,
              domain));
    } catch (GeneralSecurityException
        | org.bouncycastle.operator.OperatorCreationException
        | IOException e) {
      throw new IllegalStateException("cannot re-issue certificate authority", e);
    }
  }

  /**
   * An operator's CA made fit for a cluster: kept when its name constraints already cover {@code
   * domain}, re-issued with them when it has none, refused (IllegalArgumentException, with the
   * reason) when its constraints exclude the domain or it cannot be re-issued.
   */
  public static PemCa constrainedTo(PemCa ca, String domain) {
    X509Certificate cert = parseCertificate(ca.certificatePem());
    List<String> permitted = permittedDnsNames(cert);
    if (permitted.isEmpty()) {
      return new PemCa(
          withNameConstraints(ca.certificatePem(), parsePrivateKey(ca.privateKeyPem()), domain),
          ca.privateKeyPem());
    }
    if (!permitsDomain(permitted, domain)) {
      throw new IllegalArgumentException(
          "the CA's name constraints (" + String.join(", ", permitted) + ") exclude " + domain);
    }
    return ca;
  }

  /**
   * The DNS subtrees the CA's name constraints permit; empty when it has none (it may sign any
   * name).
   */
  public static List<String> permittedDnsNames(X509Certificate ca) {
    byte[] ext = ca.getExtensionValue(Extension.nameConstraints.getId());
    if (ext == null) {
      return List.of();
    }
    NameConstraints constraints =
        NameConstraints.getInstance(ASN1OctetString.getInstance(ext).getOctets());
    List<String> names = new ArrayList<>();
    if (constraints.getPermittedSubtrees() != null) {
      for (GeneralSubtree subtree : constraints.getPermittedSubtrees()) {
        if (subtree.getBase().getTagNo() == GeneralName.dNSName) {
          names.add(subtree.getBase().getName().toString());
        }
      }
    }
    return names;
  }

  /** Whether a CA with these DNS constraints may sign names under {@code domain}. */
  public static boolean permitsDomain(List<String> permitted, String domain) {
    return permitted.stream().anyMatch(p -> domain.equals(p) || domain.endsWith("." + p));
  }

  public static boolean isSelfSigned(X509Certificate cert) {
    if (!cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(cert.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static X509Certificate selfSigned(
      X500Name subject,
      Date notBefore,
      Date notAfter,
      PublicKey publicKey,
      PrivateKey privateKey,
      String domain)
      throws GeneralSecurityException,
          org.bouncycastle.operator.OperatorCreationException,
          IOException {
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(subject, serial(), notBefore, notAfter, subject, publicKey);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    // RFC 5280 4.2.1.10: a dNSName subtree covers the name and every name below it. Only DNS names
    // are constrained: IP addresses stay open for agent certificates that name an address.
    builder.addExtension(
        Extension.nameConstraints,
        true,
        new NameConstraints(
            new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain))},
            null));
    X509CertificateHolder holder =
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(privateKey));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  /**
   * A TLS server certificate for {@code dnsNames} (the first is also the subject's CN), signed by
   * the CA and valid from five minutes ago (clock skew) until {@code notAfter}, which never
   * outlives the CA.
   */
  public static X509Certificate signServerCertificate(
      X509Certificate ca,
      PrivateKey caKey,
      PublicKey subjectKey,
      List<String> dnsNames,
      Instant notAfter) {
    Instant now = Instant.now();
    Instant until =
        notAfter.isAfter(ca.getNotAfter().toInstant()) ? ca.getNotAfter().toInstant() : notAfter;
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(until),
              new X500Name("CN=" + dnsNames.getFirst()),
              subjectKey);
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
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    } catch (GeneralSecurityException
        | org.bouncycastle.operator.OperatorCreationException
        | IOException e) {
      throw new IllegalStateException("cannot issue certificate: " + e.getMessage(), e);
    }
  }

  public static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  public static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  public static String pem(Object certificateOrKey) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      // private keys as PKCS#8 ("PRIVATE KEY"), which every TLS server reads
      writer.writeObject(
          certificateOrKey instanceof PrivateKey key
              ? new JcaPKCS8Generator(key, null)
              : certificateOrKey);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  public static X509Certificate parseCertificate(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (!(o instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException("not a PEM certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage());
    }
  }

  public static PrivateKey parsePrivateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException("not a PEM private key");
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage());
    }
  }
}
