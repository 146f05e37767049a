package dev.ferry.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How an outbound client trusts the server it calls: the system's CAs, exactly the certificates of
 * a PEM bundle (an on-prem install's own CA), or, when a configuration explicitly turns
 * verification off, anything. The server's certificate must name the URL's host, or, for a server
 * known by identity rather than address ({@link #forPeer}), that identity.
 */
public final class TlsTrust {

  private static final TlsTrust SYSTEM = new TlsTrust(true, null, null);

  private final boolean verify;
  private final String caBundlePem;
  private final String peerName;

  private TlsTrust(boolean verify, String caBundlePem, String peerName) {
    this.verify = verify;
    this.caBundlePem = caBundlePem;
    this.peerName = peerName;
  }

  public static TlsTrust system() {
    return SYSTEM;
  }

  /**
   * Verification on: the bundle's certificates when there is one, else the system's CAs;
   * verification off: anything.
   */
  public static TlsTrust of(boolean verify, String caBundlePem) {
    if (!verify) {
      return new TlsTrust(false, null, null);
    }
    return caBundlePem == null || caBundlePem.isBlank()
        ? SYSTEM
        : new TlsTrust(true, caBundlePem, null);
  }

  /**
   * The same trust, but the certificate must name {@code name} (a DNS subject alternative name,
   * exactly, no wildcard) whatever address the URL dials: for servers known by identity, such as a
   * Fort agent reached at an IP address. Checked during the handshake, so nothing is sent to a
   * server that fails it.
   */
  public TlsTrust forPeer(String name) {
    if (!verify) {
      throw new IllegalStateException("a peer name needs verification on");
    }
    return new TlsTrust(true, caBundlePem, name);
  }

  /**
   * The trust manager to use, or null for the system's CAs; throws IllegalArgumentException when
   * the bundle is not usable PEM.
   */
  X509TrustManager trustManager() {
    if (!verify) {
      return new TrustAll();
    }
    if (peerName != null) {
      return new PeerNameTrust(
          caBundlePem == null ? systemTrust() : trusting(caBundlePem), peerName);
    }
    return caBundlePem == null ? null : trusting(caBundlePem);
  }

  /**
   * Whether the client must check the URL's host against the certificate: not when verification is
   * off (any name, like any certificate), nor for a peer known by name (the trust manager checked
   * that name instead).
   */
  boolean checksUrlHost() {
    return verify && peerName == null;
  }

  static SSLSocketFactory socketFactory(X509TrustManager trust) {
    return context(trust).getSocketFactory();
  }

  private static X509ExtendedTrustManager systemTrust() {
    try {
      return x509(null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A trust manager that trusts exactly the certificates in the PEM bundle. */
  private static X509ExtendedTrustManager trusting(String pem) {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("the CA bundle holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return x509(store);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the CA bundle is not valid PEM: " + e.getMessage(), e);
    }
  }

  /** The platform's PKIX trust manager over {@code anchors} (null: the system's CAs). */
  private static X509ExtendedTrustManager x509(KeyStore anchors) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X509 trust manager");
  }

  private static SSLContext context(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Only ever chosen explicitly by a configuration (lab instances with self-made certificates). */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
