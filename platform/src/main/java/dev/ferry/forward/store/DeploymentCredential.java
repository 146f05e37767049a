package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;

/**
 * The login for one device kind. {@code forwardFingerprint} is the fingerprint the Forward
 * credential {@code forwardId} was created with; when it differs from {@code fingerprint} the
 * password changed.
 */
public record DeploymentCredential(
    String kind,
    String username,
    SecretRef passwordSecretId,
    String fingerprint,
    String forwardId,
    String forwardFingerprint,
    String retiredForwardId) {

  public boolean current() {
    return forwardId != null && fingerprint.equals(forwardFingerprint);
  }
}
