package dev.ferry.http;

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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * How an outbound client trusts the server it calls: the system's CAs, exactly the certificates of
 * a PEM bundle (an on-prem install's own CA), or, when a configuration explicitly turns
 * verification off, anything.
 */
public final class TlsTrust {

  private TlsTrust() {}

  /**
   * Applies the choice to {@code builder}; throws IllegalArgumentException when the bundle is not
   * usable PEM.
   */
  public static OkHttpClient.Builder apply(
      OkHttpClient.Builder builder, boolean verify, String caBundlePem) {
    if (!verify) {
      X509TrustManager trustAll = new TrustAll();
      return builder
          .sslSocketFactory(context(trustAll).getSocketFactory(), trustAll)
          .hostnameVerifier((host, session) -> true);
    }
    if (caBundlePem != null && !caBundlePem.isBlank()) {
      X509TrustManager bundle = trusting(caBundlePem);
      return builder.sslSocketFactory(context(bundle).getSocketFactory(), bundle);
    }
    return builder;
  }

  /** A trust manager that trusts exactly the certificates in the PEM bundle. */
  public static X509TrustManager trusting(String pem) {
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
