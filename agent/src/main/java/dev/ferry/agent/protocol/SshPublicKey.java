package dev.ferry.agent.protocol;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An OpenSSH public key (Ed25519 or RSA): its wire blob, which is what SSHSIG embeds and compares,
 * and the JCA key built once so verification does not re-parse it per request.
 */
public final class SshPublicKey {
  public static final String ED25519 = "ssh-ed25519";
  public static final String RSA = "ssh-rsa";

  private final String type;
  private final byte[] blob;

  /** RSA only. */
  private final PublicKey jcaKey;

  /** Ed25519 only: the decompressed, validated point, so each verification skips that work. */
  private final Ed25519.PublicPoint ed25519Point;

  private SshPublicKey(
      String type, byte[] blob, PublicKey jcaKey, Ed25519.PublicPoint ed25519Point) {
    this.type = type;
    this.blob = blob;
    this.jcaKey = jcaKey;
    this.ed25519Point = ed25519Point;
  }

  /** Parses an authorized_keys style line: {@code ssh-ed25519 AAAA... [comment]}. */
  public static SshPublicKey parse(String line) {
    String[] parts = line == null ? new String[0] : line.trim().split("\\s+");
    if (parts.length < 2) {
      throw new IllegalArgumentException("public key must look like '<type> <base64> [comment]'");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is not valid base64");
    }
    SshPublicKey key = fromBlob(blob);
    if (!key.type.equals(parts[0])) {
      throw new IllegalArgumentException(
          "public key type " + parts[0] + " does not match its blob (" + key.type + ")");
    }
    return key;
  }

  /**
   * Parses the wire blob ({@code string type || key fields}); rejects unsupported types and
   * trailing bytes.
   */
  public static SshPublicKey fromBlob(byte[] blob) {
    try {
      SshWire.Reader r = new SshWire.Reader(blob);
      String type = r.utf8();
      PublicKey jca = null;
      Ed25519.PublicPoint point = null;
      switch (type) {
        case ED25519 -> {
          byte[] a = r.string();
          if (a.length != 32) {
            throw new IllegalArgumentException("Ed25519 key must be 32 bytes");
          }
          point = Ed25519.validatePublicKeyFullExport(a, 0);
          if (point == null) {
            throw new IllegalArgumentException("Ed25519 key is not a valid curve point");
          }
        }
        case RSA -> {
          BigInteger e = new BigInteger(r.string());
          BigInteger n = new BigInteger(r.string());
          if (e.signum() <= 0 || n.signum() <= 0 || n.bitLength() < 2048) {
            throw new IllegalArgumentException("RSA key must be positive and at least 2048 bits");
          }
          jca = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        }
        default -> throw new IllegalArgumentException("unsupported key type: " + type);
      }
      if (r.hasRemaining()) {
        throw new IllegalArgumentException("public key blob has trailing data");
      }
      return new SshPublicKey(type, blob.clone(), jca, point);
    } catch (SshWire.SshFormatException e) {
      throw new IllegalArgumentException("malformed public key: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable public key: " + e.getMessage());
    }
  }

  public String type() {
    return type;
  }

  public byte[] blob() {
    return blob.clone();
  }

  PublicKey jcaKey() {
    return jcaKey;
  }

  Ed25519.PublicPoint ed25519Point() {
    return ed25519Point;
  }

  /** Same type and key bytes; the comment is not part of the blob, so it never matters. */
  public boolean sameKeyAs(byte[] otherBlob) {
    return MessageDigest.isEqual(blob, otherBlob);
  }

  /** {@code SHA256:<unpadded base64>} exactly as ssh-keygen -l prints it. */
  public String fingerprint() {
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Digests.sha256(blob));
  }

  /** {@code <type> <base64>} (no comment). */
  public String toOpenSsh() {
    return type + " " + Base64.getEncoder().encodeToString(blob);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshPublicKey k && Arrays.equals(blob, k.blob);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blob);
  }

  @Override
  public String toString() {
    return type + " " + fingerprint();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
