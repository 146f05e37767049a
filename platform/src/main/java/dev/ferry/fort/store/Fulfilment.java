package dev.ferry.fort.store;

import java.time.OffsetDateTime;

/**
 * What Ferry delivered for one need of one service on one host (no secret: only fingerprints and
 * ids).
 */
public record Fulfilment(
    String cluster,
    String host,
    String service,
    String need,
    String fingerprint,
    String remoteId,
    OffsetDateTime expiresAt,
    OffsetDateTime deliveredAt,
    OffsetDateTime goneSince,
    boolean rotateRequested) {}
