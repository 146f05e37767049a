package dev.ferry.forward;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Builds a {@link ForwardClient} for a profile: its credentials are read from the secret store here, inside
 * the activity, and never leave it. All clients share one connection pool; no environment proxy is used.
 */
@Component
public class ForwardClients {

  private final OkHttpClient shared;
  private final ForwardProfileRepository profiles;

  public ForwardClients(ForwardProperties properties, ForwardProfileRepository profiles) {
    this.profiles = profiles;
    this.shared = new OkHttpClient.Builder()
        .proxy(java.net.Proxy.NO_PROXY)
        .connectTimeout(properties.connectTimeout())
        .readTimeout(properties.requestTimeout())
        .writeTimeout(properties.requestTimeout())
        .callTimeout(properties.requestTimeout().plus(properties.connectTimeout()))
        .retryOnConnectionFailure(false)
        .build();
  }

  public ForwardProfile profile(String profileId) {
    return profiles.findById(UUID.fromString(profileId))
        .orElseThrow(() -> io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
            "Forward profile " + profileId + " no longer exists", "ForwardProfileMissing"));
  }

  public ForwardClient forProfile(ForwardProfile profile) {
    return new ForwardClient(http(profile), profile.baseUrl(), profiles.credentials(profile));
  }

  /** For probes: gives up after {@code timeout} so a hanging Forward is reported as a timeout, not waited out. */
  public ForwardClient forProfile(ForwardProfile profile, Duration timeout) {
    OkHttpClient quick = http(profile).newBuilder().callTimeout(timeout).readTimeout(timeout).build();
    return new ForwardClient(quick, profile.baseUrl(), profiles.credentials(profile));
  }

  /** The access key or login part of the profile's credentials (Forward records it as a network's creator). */
  public String apiUser(ForwardProfile profile) {
    return profiles.credentials(profile).split(":", 2)[0];
  }

  private OkHttpClient http(ForwardProfile profile) {
    if (profile.skipTlsVerify()) {
      X509TrustManager trustAll = new TrustAll();
      return shared.newBuilder().sslSocketFactory(context(trustAll).getSocketFactory(), trustAll)
          .hostnameVerifier((host, session) -> true).build();
    }
    if (profile.caCertificate() != null && !profile.caCertificate().isBlank()) {
      X509TrustManager custom = trusting(profile.caCertificate());
      return shared.newBuilder().sslSocketFactory(context(custom).getSocketFactory(), custom).build();
    }
    return shared;
  }

  /** Trusts exactly the PEM certificates given (the on-prem install's CA). */
  static X509TrustManager trusting(String pem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca-" + n++, cert);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "the profile's CA certificate cannot be read: " + e.getMessage(), "ForwardBadCaCertificate");
    }
  }

  private static SSLContext context(X509TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The profile asked to skip verification (self-signed on-prem installs). */
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
