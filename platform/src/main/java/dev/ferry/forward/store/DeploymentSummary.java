package dev.ferry.forward.store;

import java.time.OffsetDateTime;

/** One line of the deployment list: who owns it, where it is in Forward, when it last synced. */
public record DeploymentSummary(
    String workspace,
    String deployment,
    String deploymentType,
    String owner,
    String profile,
    String networkId,
    String networkName,
    int devices,
    int linuxHosts,
    OffsetDateTime syncedAt,
    OffsetDateTime createdAt) {}
