package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * What {@code POST …/agent-certificate} answers, for the CLI's fake APIs: the request's signature
 * is checked and its key certified (by a throwaway CA), or another key when asked to misbehave.
 */
final class AgentCertificateAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair CA = ecKeys();

  private AgentCertificateAnswers() {}

  /** The API's answer to {@code requestBody}; {@code otherKey} certifies a key nobody holds. */
  static String answer(String requestBody, boolean otherKey) throws Exception {
    PublicKey key = verifiedKey(JSON.readTree(requestBody).path("csrPem").asText());
    ObjectNode issued = JSON.createObjectNode();
    issued.put("host", "host1");
    issued.put("agentName", "host1.fort.demo.test");
    issued.put("certificatePem", certificate(otherKey ? ecKeys().getPublic() : key));
    issued.put("caCertificatePem", "CA PEM");
    issued.put("serial", "abc");
    issued.put("notAfter", "2030-01-01T00:00:00Z");
    return issued.toString();
  }

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PublicKey verifiedKey(String csrPem) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
      PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("bad signature");
      }
      return key;
    }
  }

  private static String certificate(PublicKey key) throws Exception {
    var holder =
        new JcaX509v3CertificateBuilder(
                new X500Name("CN=Test CA"),
                BigInteger.TWO,
                new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=host1.fort.demo.test"),
                key)
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.getPrivate()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(new JcaX509CertificateConverter().getCertificate(holder));
    }
    return pem.toString();
  }
}
