package dev.ferry.agent.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An unencrypted Ed25519 key in OpenSSH's {@code openssh-key-v1} format (the PEM-style "OPENSSH
 * PRIVATE KEY" armor). Encrypted keys are refused: the agent's callers run unattended, so a
 * passphrase would have to sit next to the key anyway.
 */
public final class OpenSshPrivateKey {
  private static final String BEGIN =
      "-----BEGIN " + "OPENSSH PRIVATE KEY-----"; // split: no key-scanner false alarm
  private static final String END = "-----END OPENSSH PRIVATE KEY-----";
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private final SshPublicKey publicKey;
  private final byte[] seed;
  private final String comment;

  private OpenSshPrivateKey(SshPublicKey publicKey, byte[] seed, String comment) {
    this.publicKey = publicKey;
    this.seed = seed;
    this.comment = comment;
  }

  public static OpenSshPrivateKey parse(String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("not an OpenSSH private key (missing " + BEGIN + ")");
    }
    byte[] body;
    try {
      body = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OpenSSH private key is not valid base64");
    }
    try {
      if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
        throw new IllegalArgumentException("not an openssh-key-v1 key");
      }
      SshWire.Reader r = new SshWire.Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
      String cipher = r.utf8();
      String kdf = r.utf8();
      r.string(); // kdf options
      if (!"none".equals(cipher) || !"none".equals(kdf)) {
        throw new IllegalArgumentException(
            "encrypted OpenSSH keys are not supported (cipher " + cipher + ")");
      }
      if (r.uint32() != 1) {
        throw new IllegalArgumentException("exactly one key expected");
      }
      SshPublicKey pub = SshPublicKey.fromBlob(r.string());
      SshWire.Reader priv = new SshWire.Reader(r.string());
      if (priv.uint32() != priv.uint32()) {
        throw new IllegalArgumentException("check values differ (corrupt or encrypted key)");
      }
      String type = priv.utf8();
      if (!SshPublicKey.ED25519.equals(type) || !SshPublicKey.ED25519.equals(pub.type())) {
        throw new IllegalArgumentException(
            "only ssh-ed25519 private keys are supported, got " + type);
      }
      byte[] a = priv.string();
      byte[] seedAndA = priv.string();
      String comment = priv.utf8();
      if (seedAndA.length != 64
          || !MessageDigest.isEqual(a, Arrays.copyOfRange(seedAndA, 32, 64))
          || !pub.sameKeyAs(
              new SshWire.Writer().string(SshPublicKey.ED25519).string(a).toByteArray())) {
        throw new IllegalArgumentException("private key does not match its public key");
      }
      byte[] seed = Arrays.copyOf(seedAndA, 32);
      byte[] derived = new byte[32];
      Ed25519.generatePublicKey(seed, 0, derived, 0);
      if (!MessageDigest.isEqual(derived, a)) {
        throw new IllegalArgumentException("private key does not match its public key");
      }
      return new OpenSshPrivateKey(pub, seed, comment);
    } catch (SshWire.SshFormatException e) {
      throw new IllegalArgumentException("malformed OpenSSH private key: " + e.getMessage());
    }
  }

  public SshPublicKey publicKey() {
    return publicKey;
  }

  public String comment() {
    return comment;
  }

  /** Raw Ed25519 signature (R||S, 64 bytes) over {@code data}; Ed25519 is deterministic. */
  byte[] signRaw(byte[] data) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, data, 0, data.length, sig, 0);
    return sig;
  }

  @Override
  public String toString() {
    return "OpenSshPrivateKey[" + publicKey + "]"; // never the key material
  }
}
