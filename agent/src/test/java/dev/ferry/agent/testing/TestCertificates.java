package dev.ferry.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and the agent certificates it issues, made by the real {@code openssl} command (as an
 * operator would), in PEM files an agent's {@code tls} config can point to.
 */
public final class TestCertificates {
  /** A certificate with its key; {@code cert} holds the leaf only. */
  public record Issued(Path cert, Path key) {}

  /** A CA: its certificate (the trust anchor) and key. */
  public record Ca(Path cert, Path key) {}

  private TestCertificates() {}

  /** A self-signed P-256 CA named {@code name}, valid 30 days. */
  public static Ca ca(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "30",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    return new Ca(cert, key);
  }

  /**
   * A server certificate for {@code host} (also valid for {@code localhost} and 127.0.0.1), signed
   * by {@code ca}; {@code keyType} is {@code ec}, {@code rsa} or {@code ed25519}. Files are named
   * {@code <fileName>.pem} and {@code <fileName>.key}.
   */
  public static Issued issue(Ca ca, Path dir, String fileName, String host, String keyType)
      throws IOException {
    Files.createDirectories(dir);
    Path cert = dir.resolve(fileName + ".pem");
    Path key = dir.resolve(fileName + ".key");
    Path csr = dir.resolve(fileName + ".csr");
    Path ext = dir.resolve(fileName + ".ext");
    Files.writeString(
        ext,
        "subjectAltName=DNS:"
            + host
            + ",DNS:localhost,IP:127.0.0.1\n"
            + "basicConstraints=critical,CA:FALSE\n"
            + "extendedKeyUsage=serverAuth\n");
    List<String> req = new ArrayList<>(List.of("req", "-new", "-nodes", "-keyout", key.toString()));
    switch (keyType) {
      case "ec" -> req.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
      case "rsa" -> req.addAll(List.of("-newkey", "rsa:2048"));
      case "ed25519" -> req.addAll(List.of("-newkey", "ed25519"));
      default -> throw new IllegalArgumentException("key type " + keyType);
    }
    req.addAll(List.of("-out", csr.toString(), "-subj", "/CN=" + host));
    openssl(dir, req.toArray(String[]::new));
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.cert().toString(),
        "-CAkey",
        ca.key().toString(),
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        ext.toString(),
        "-out",
        cert.toString());
    Files.delete(csr);
    Files.delete(ext);
    return new Issued(cert, key);
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("openssl"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("openssl " + args[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
