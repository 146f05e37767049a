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
import javax.net.ssl.X509TrustManager;

/**
 * How an outbound client trusts the server it calls: the system's CAs, exactly the certificates of
 * a PEM bundle (an on-prem install's own CA), or, when a configuration explicitly turns
 * verification off, anything.
 */
public final class TlsTrust {

  private static final TlsTrust SYSTEM = new TlsTrust(true, null);

  private final boolean verify;
  private final String caBundlePem;

  private TlsTrust(boolean verify, String caBundlePem) {
    this.verify = verify;
    this.caBundlePem = caBundlePem;
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
      return new TlsTrust(false, null);
    }
    return caBundlePem == null || caBundlePem.isBlank() ? SYSTEM : new TlsTrust(true, caBundlePem);
  }

  /**
   * The trust manager to use, or null for the system's CAs; throws IllegalArgumentException when
   * the bundle is not usable PEM.
   */
  X509TrustManager trustManager() {
    if (!verify) {
      return new TrustAll();
    }
    return caBundlePem == null ? null : trusting(caBundlePem);
  }

  /** False only when verification is off: then any name is accepted, like any certificate. */
  boolean checksHostnames() {
    return verify;
  }

  static SSLSocketFactory socketFactory(X509TrustManager trust) {
    return context(trust).getSocketFactory();
  }

  /** A trust manager that trusts exactly the certificates in the PEM bundle. */
  private static X509TrustManager trusting(String pem) {
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
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the CA bundle is not valid PEM: " + e.getMessage(), e);
    }
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
