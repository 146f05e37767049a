package dev.ferry.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The agent's TLS identity from two PEM files: the certificate chain (leaf first, as nginx and
 * openssl expect) and its private key (PKCS#8 {@code PRIVATE KEY}, or the traditional {@code RSA
 * PRIVATE KEY} / {@code EC PRIVATE KEY}). The key must belong to the leaf certificate.
 */
public record PemIdentity(PrivateKey key, X509Certificate[] chain) {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  /** Reads and checks both files; the message names the file at fault. */
  public static PemIdentity load(Path certFile, Path keyFile) throws IOException {
    X509Certificate[] chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    if (!matches(key, chain[0])) {
      throw new IOException(keyFile + " is not the private key of the certificate in " + certFile);
    }
    return new PemIdentity(key, chain);
  }

  private static X509Certificate[] certificates(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(pem, "CERTIFICATE")) {
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not a valid certificate: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new IOException(file + ": no PEM CERTIFICATE block");
    }
    return chain.toArray(X509Certificate[]::new);
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      byte[] der = decode(m.group(2), file);
      switch (m.group(1)) {
        case "PRIVATE KEY" -> {
          return pkcs8(der, file);
        }
        case "RSA PRIVATE KEY" ->
        // PKCS#1: the same key inside a PKCS#8 envelope
        {
          return pkcs8(
              new PrivateKeyInfo(
                      new AlgorithmIdentifier(
                          PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                      ASN1Primitive.fromByteArray(der))
                  .getEncoded(),
              file);
        }
        case "EC PRIVATE KEY" -> {
          // SEC 1: the curve is inside the key; PKCS#8 wants it in the algorithm identifier
          ECPrivateKey ec = ECPrivateKey.getInstance(der);
          return pkcs8(
              new PrivateKeyInfo(
                      new AlgorithmIdentifier(
                          X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()),
                      ec)
                  .getEncoded(),
              file);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IOException(file + ": encrypted private keys are not supported");
        default -> {
          // e.g. EC PARAMETERS before the key: skip
        }
      }
    }
    throw new IOException(file + ": no PEM PRIVATE KEY block");
  }

  private static PrivateKey pkcs8(byte[] der, Path file) throws IOException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm: try the next
      }
    }
    throw new IOException(file + ": unsupported private key (RSA, EC or Ed25519 expected)");
  }

  /** Signs a probe with the key and verifies it with the certificate's public key. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
    try {
      byte[] probe = "ferry-agent key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<byte[]> blocks(String pem, String type) throws IOException {
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(decode(m.group(2), null));
      }
    }
    return out;
  }

  private static byte[] decode(String base64, Path file) throws IOException {
    try {
      return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IOException((file == null ? "" : file + ": ") + "invalid PEM base64");
    }
  }
}
