package dev.ferry.fort.store;

import dev.ferry.platform.secrets.SecretRef;
import java.time.OffsetDateTime;

/**
 * A registered cluster and its providers' settings. Secret columns are references into the secret
 * store.
 *
 * @param beaconListenPort the beacon's plain-HTTP port (it only redirects to HTTPS)
 * @param beaconTlsPort the beacon's HTTPS port, where public services terminate TLS
 * @param beaconProxyRoot the directory the beacon's agent writes proxy entries to (its {@code
 *     proxy} credential type's root); server blocks name their certificate files under it
 */
public record FortCluster(
    String name,
    String domain,
    String pocketIdUrl,
    SecretRef pocketIdKeySecret,
    String forgejoUrl,
    String forgejoUser,
    SecretRef forgejoPasswordSecret,
    String caCertificatePem,
    SecretRef caKeySecret,
    String beaconHost,
    int beaconListenPort,
    int beaconTlsPort,
    String beaconProxyRoot,
    SecretRef signingKeySecret,
    String signingPublicKey,
    int intervalSeconds,
    int removalGraceSeconds,
    int renewBeforeSeconds,
    int certificateDays,
    int tokenHours,
    OffsetDateTime createdAt) {

  /** The principal name Ferry signs agent requests as. */
  public static final String PRINCIPAL = "ferry";

  /**
   * The name a host's agent certificate carries, and the one Ferry's agent client checks whatever
   * address the agent is reached at: {@code <host>.fort.<domain>}, as fort-nix names its agents.
   */
  public String agentName(String host) {
    return host.toLowerCase(java.util.Locale.ROOT) + ".fort." + domain;
  }
}
