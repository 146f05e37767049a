package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A deployment synced to Forward with the Forward ids cached for the next sync or destroy. */
public record ForwardDeployment(
    UUID id,
    UUID ownerId,
    String workspace,
    String name,
    String deploymentType,
    UUID profileId,
    String networkId,
    String networkName,
    String collectorName,
    String collectorUsername,
    String jumpHost,
    Integer jumpPort,
    String jumpUsername,
    SecretRef jumpSecretId,
    boolean jumpUsesSshKey,
    String jumpServerId,
    String retiredJumpServerId,
    String endpointProfileId,
    String lastTaskId,
    String lastSnapshotId,
    OffsetDateTime syncedAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
