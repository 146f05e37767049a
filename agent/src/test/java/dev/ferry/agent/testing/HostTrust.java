package dev.ferry.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client-side TLS context for tests that connect to an agent by address (127.0.0.1) but must
 * authenticate it by its host name: the chain must lead to one of the trusted certificates, and the
 * leaf must name {@code hostName} (DNS subject alternative name), whatever address was dialled.
 */
public final class HostTrust extends X509ExtendedTrustManager {
  private static final int SAN_DNS = 2;

  private final X509TrustManager pkix;
  private final String hostName;

  private HostTrust(X509TrustManager pkix, String hostName) {
    this.pkix = pkix;
    this.hostName = hostName;
  }

  /** Trusts the certificates in {@code pemFile} (a CA, or the agent's own chain) for this host. */
  public static SSLContext context(Path pemFile, String hostName) throws IOException {
    try (InputStream in = Files.newInputStream(pemFile)) {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        anchors.setCertificateEntry("anchor-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new javax.net.ssl.TrustManager[] {
            new HostTrust((X509TrustManager) tmf.getTrustManagers()[0], hostName)
          },
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + pemFile + ": " + e.getMessage(), e);
    }
  }

  private void check(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkServerTrusted(chain, authType); // the chain, without the address check
    if (!names(chain[0]).contains(hostName)) {
      throw new CertificateException("certificate is not for host " + hostName);
    }
  }

  private static List<String> names(X509Certificate cert) throws CertificateParsingException {
    var sans = cert.getSubjectAlternativeNames();
    return sans == null
        ? List.of()
        : sans.stream()
            .filter(san -> (Integer) san.get(0) == SAN_DNS)
            .map(san -> (String) san.get(1))
            .toList();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a client context");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a client context");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client context");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
