package dev.ferry.fort.store;

import dev.ferry.platform.secrets.SecretRef;
import java.time.OffsetDateTime;

/**
 * A registered cluster and its providers' settings. Secret columns are references into the secret
 * store.
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
}
