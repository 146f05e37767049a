package dev.ferry.remote;

import java.net.Proxy;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The one place that builds OkHttp clients. Every client derives from one root, so all targets
 * share its connection pool and dispatcher threads; each gets its own timeouts and TLS trust.
 *
 * <p>The same rules hold for every target: no environment proxy; no silent re-send after a broken
 * connection (the activity's retry policy decides, and a POST is not repeated behind its back); no
 * followed redirects, because a credentialed call must not be replayed to another address (a 3xx
 * means the configured base URL is wrong).
 */
public final class HttpClients {

  private static final OkHttpClient ROOT =
      new OkHttpClient.Builder()
          .proxy(Proxy.NO_PROXY)
          .retryOnConnectionFailure(false)
          .followRedirects(false)
          .followSslRedirects(false)
          .build();

  private HttpClients() {}

  /** Throws IllegalArgumentException when the trust's CA bundle is not usable PEM. */
  public static OkHttpClient forTarget(Timeouts timeouts, TlsTrust tls) {
    var client =
        ROOT.newBuilder()
            .connectTimeout(timeouts.connect())
            .readTimeout(timeouts.read())
            .writeTimeout(timeouts.read())
            .callTimeout(timeouts.call());
    X509TrustManager trust = tls.trustManager();
    if (trust != null) {
      client.sslSocketFactory(TlsTrust.socketFactory(trust), trust);
    }
    if (!tls.checksUrlHost()) {
      client.hostnameVerifier((host, session) -> true);
    }
    return client.build();
  }
}
