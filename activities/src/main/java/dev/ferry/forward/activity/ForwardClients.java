package dev.ferry.forward.activity;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.http.TlsTrust;
import dev.ferry.platform.secrets.SecretStore;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Builds a {@link ForwardClient} for a profile: its credentials are read from the secret store
 * here, inside the activity, and never leave it. All clients share one connection pool; no
 * environment proxy is used.
 */
@Component
public class ForwardClients {

  private final OkHttpClient shared;
  private final ForwardProfileRepository profiles;
  private final SecretStore secrets;

  public ForwardClients(
      ForwardProperties properties, ForwardProfileRepository profiles, SecretStore secrets) {
    this.profiles = profiles;
    this.secrets = secrets;
    this.shared =
        new OkHttpClient.Builder()
            .proxy(java.net.Proxy.NO_PROXY)
            .connectTimeout(properties.connectTimeout())
            .readTimeout(properties.requestTimeout())
            .writeTimeout(properties.requestTimeout())
            .callTimeout(properties.requestTimeout().plus(properties.connectTimeout()))
            .retryOnConnectionFailure(false)
            .build();
  }

  public ForwardProfile profile(String profileId) {
    return profiles
        .findById(UUID.fromString(profileId))
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "Forward profile " + profileId + " no longer exists", "ForwardProfileMissing"));
  }

  public ForwardClient forProfile(ForwardProfile profile) {
    return new ForwardClient(http(profile), profile.baseUrl(), basicCredentials(profile));
  }

  /**
   * For probes: gives up after {@code timeout} so a hanging Forward is reported as a timeout, not
   * waited out.
   */
  public ForwardClient forProfile(ForwardProfile profile, Duration timeout) {
    OkHttpClient quick =
        http(profile).newBuilder().callTimeout(timeout).readTimeout(timeout).build();
    return new ForwardClient(quick, profile.baseUrl(), basicCredentials(profile));
  }

  /** HTTP Basic's "user:password", with the password opened only now. */
  private String basicCredentials(ForwardProfile profile) {
    return profile.username() + ":" + secrets.open(profile.passwordSecretId());
  }

  private OkHttpClient http(ForwardProfile profile) {
    try {
      return TlsTrust.apply(shared.newBuilder(), !profile.skipTlsVerify(), profile.caCertificate())
          .build();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the profile's CA certificate cannot be read: " + e.getMessage(),
          "ForwardBadCaCertificate");
    }
  }
}
