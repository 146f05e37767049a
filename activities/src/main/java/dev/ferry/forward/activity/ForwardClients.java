package dev.ferry.forward.activity;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.HttpClients;
import dev.ferry.remote.Timeouts;
import dev.ferry.remote.TlsTrust;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Builds a {@link ForwardClient} for a profile: its credentials are read from the secret store
 * here, inside the activity, and never leave it.
 */
@Component
public class ForwardClients {

  private final Timeouts timeouts;
  private final ForwardProfileRepository profiles;
  private final SecretStore secrets;

  public ForwardClients(
      ForwardProperties properties, ForwardProfileRepository profiles, SecretStore secrets) {
    this.profiles = profiles;
    this.secrets = secrets;
    this.timeouts = properties.timeouts();
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
    return new ForwardClient(
        http(profile, timeouts),
        profile.baseUrl(),
        profile.username(),
        secrets.open(profile.passwordSecretId()));
  }

  /**
   * For probes: gives up after {@code timeout} so a hanging Forward is reported as a timeout, not
   * waited out.
   */
  public ForwardClient forProfile(ForwardProfile profile, Duration timeout) {
    OkHttpClient quick = http(profile, new Timeouts(timeouts.connect(), timeout, timeout));
    return new ForwardClient(
        quick, profile.baseUrl(), profile.username(), secrets.open(profile.passwordSecretId()));
  }

  private static OkHttpClient http(ForwardProfile profile, Timeouts timeouts) {
    try {
      return HttpClients.forTarget(
          timeouts, TlsTrust.of(!profile.skipTlsVerify(), profile.caCertificate()));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the profile's CA certificate cannot be read: " + e.getMessage(),
          "ForwardBadCaCertificate");
    }
  }
}
