package dev.ferry.fort.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A registered cluster and its providers' settings. Secret columns are references into the secret
 * store.
 */
public record FortCluster(
    String name,
    String domain,
    String pocketIdUrl,
    UUID pocketIdKeySecret,
    String forgejoUrl,
    String forgejoUser,
    UUID forgejoTokenSecret,
    String caCertificatePem,
    UUID caKeySecret,
    String beaconHost,
    int beaconListenPort,
    UUID signingKeySecret,
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
