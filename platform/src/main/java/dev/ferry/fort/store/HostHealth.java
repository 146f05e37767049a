package dev.ferry.fort.store;

import java.time.OffsetDateTime;

/** The last thing Ferry learned about a host's agent. */
public record HostHealth(
    String cluster,
    String host,
    boolean reachable,
    OffsetDateTime lastManifestAt,
    OffsetDateTime lastCheckedAt,
    String lastFailure,
    OffsetDateTime lastFailureAt) {}
