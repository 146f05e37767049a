package dev.ferry.agent.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves the agent's one certificate and key, and swaps them when the files change on disk. Each
 * TLS handshake reads the identity current at that moment, so connections already open keep theirs
 * and no request is dropped. A pair that does not load (e.g. the certificate renewed but the key
 * not yet written) leaves the previous identity in place and is retried on the next check.
 *
 * <p>Every identity gets its own alias: the TLS stack picks an alias, then asks for its key and
 * chain, and a reload between those calls must not mix an old choice with a new key.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private record Current(String alias, PemIdentity identity, String stamp) {}

  private final Path certFile;
  private final Path keyFile;
  private final Consumer<String> log;
  private volatile Current current;
  private volatile Current previous;
  private String failedStamp;

  /**
   * Loads the pair now; a failure here is the caller's configuration error.
   *
   * @param log receives one line per reload or failed reload
   */
  public ReloadingKeyManager(Path certFile, Path keyFile, Consumer<String> log) throws IOException {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.log = log;
    String stamp = stamp();
    this.current = new Current("agent-1", PemIdentity.load(certFile, keyFile), stamp);
  }

  /** Re-reads the files if their size or modification time changed; returns true on a swap. */
  public synchronized boolean reloadIfChanged() {
    String stamp;
    try {
      stamp = stamp();
    } catch (IOException e) {
      return fail("tls files unreadable: " + e.getMessage(), "missing");
    }
    if (stamp.equals(current.stamp()) || stamp.equals(failedStamp)) {
      return false;
    }
    PemIdentity identity;
    try {
      identity = PemIdentity.load(certFile, keyFile);
    } catch (IOException | RuntimeException e) {
      return fail("tls reload failed, keeping the previous certificate: " + e.getMessage(), stamp);
    }
    int generation = Integer.parseInt(current.alias().substring("agent-".length())) + 1;
    previous = current;
    current = new Current("agent-" + generation, identity, stamp);
    failedStamp = null;
    log.accept(
        "tls certificate reloaded: "
            + identity.chain()[0].getSubjectX500Principal().getName()
            + ", valid until "
            + identity.chain()[0].getNotAfter().toInstant());
    return true;
  }

  /** The leaf certificate served to new connections. */
  public X509Certificate certificate() {
    return current.identity().chain()[0];
  }

  private boolean fail(String message, String stamp) {
    if (!stamp.equals(failedStamp)) {
      log.accept(message); // once per distinct state of the files, not every check
      failedStamp = stamp;
    }
    return false;
  }

  private String stamp() throws IOException {
    return stamp(certFile) + "|" + stamp(keyFile);
  }

  private static String stamp(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.size() + "@" + a.lastModifiedTime().toMillis() + "#" + a.fileKey();
  }

  private Current byAlias(String alias) {
    Current c = current;
    if (Objects.equals(c.alias(), alias)) {
      return c;
    }
    Current p = previous;
    return p != null && Objects.equals(p.alias(), alias) ? p : null;
  }

  private String aliasFor(String keyType) {
    Current c = current;
    return keyTypeMatches(keyType, c.identity().key().getAlgorithm()) ? c.alias() : null;
  }

  /**
   * JSSE asks by key type: "RSA", "RSASSA-PSS", "EC", "EdDSA"; for TLS 1.2 ECDHE suites "EC_EC" or
   * "EC_RSA" (key type, then the signer's).
   */
  private static boolean keyTypeMatches(String keyType, String keyAlgorithm) {
    String type = keyType.contains("_") ? keyType.substring(0, keyType.indexOf('_')) : keyType;
    return switch (keyAlgorithm) {
      case "RSA" -> type.equals("RSA") || type.equals("RSASSA-PSS");
      case "EdDSA", "Ed25519", "Ed448" -> type.equals("EdDSA") || type.equals(keyAlgorithm);
      default -> type.equals(keyAlgorithm);
    };
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Current c = byAlias(alias);
    return c == null ? null : c.identity().chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Current c = byAlias(alias);
    return c == null ? null : c.identity().key();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null; // a server only
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
