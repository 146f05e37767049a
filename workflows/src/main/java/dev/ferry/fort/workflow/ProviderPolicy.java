package dev.ferry.fort.workflow;

/** Cluster settings the planner needs: when to renew, how long to wait before revoking. */
public record ProviderPolicy(
    long certificateRenewBeforeSeconds,
    long tokenRenewBeforeSeconds,
    long removalGraceSeconds,
    boolean beaconConfigured,
    boolean pocketIdConfigured,
    boolean forgejoConfigured) {}
