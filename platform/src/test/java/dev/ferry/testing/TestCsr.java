package dev.ferry.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 certificate signing requests as a host would send them, and broken ones. */
public final class TestCsr {

  private TestCsr() {}

  public static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsaKeyPair(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request for {@code keys}, signed by their own private key, asking for {@code subject}. */
  public static String pem(KeyPair keys, String subject) {
    return pem(keys, keys.getPrivate(), subject);
  }

  /**
   * A request carrying {@code keys}' public key but signed by {@code signer}: no proof of
   * possession.
   */
  public static String pem(KeyPair keys, PrivateKey signer, String subject) {
    try {
      var request =
          new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
              .build(
                  new JcaContentSignerBuilder(
                          "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA")
                      .build(signer));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        writer.writeObject(request);
      }
      return out.toString();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
