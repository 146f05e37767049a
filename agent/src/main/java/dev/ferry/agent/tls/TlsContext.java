package dev.ferry.agent.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The agent's TLS settings: TLS 1.3, and TLS 1.2 for older clients with forward-secret AEAD suites
 * only; no client certificates (callers authenticate by signing each request).
 */
public final class TlsContext {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private static final String[] SUITES = {
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
  };

  private TlsContext() {}

  /** The configurator for the JDK's HTTPS server, serving whatever {@code keys} holds now. */
  public static HttpsConfigurator configurator(ReloadingKeyManager keys)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    // no trust managers: clients are not asked for certificates, and null would load the JDK's
    // cacerts (~150 CA certificates parsed and held for the life of the process)
    context.init(new KeyManager[] {keys}, new TrustManager[0], null);
    // asked of an engine (what the HTTPS server uses), not of getSupportedSSLParameters(), which
    // builds a throw-away SSLSocket and loads the socket-side classes for nothing
    List<String> supported = Arrays.asList(context.createSSLEngine().getSupportedCipherSuites());
    List<String> usable = new ArrayList<>();
    for (String suite : SUITES) {
      if (supported.contains(suite)) {
        usable.add(suite);
      }
    }
    String[] suites = usable.toArray(new String[0]);
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = new SSLParameters(suites, PROTOCOLS);
        p.setNeedClientAuth(false);
        p.setUseCipherSuitesOrder(true);
        params.setSSLParameters(p);
      }
    };
  }
}
