package dev.ferry.fort.workflow;

/** A fulfilment state row without anything secret; times are epoch seconds, null when not set. */
public record FulfilmentDigest(
    String host,
    String service,
    String need,
    String fingerprint,
    Long expiresAt,
    Long goneSince,
    boolean rotateRequested) {}
