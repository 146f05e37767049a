package dev.ferry.fort.store;

import java.time.OffsetDateTime;

/** One provider action. {@code detail} is a remote message or an id, never a secret. */
public record AuditEntry(
    long id,
    String cluster,
    String host,
    String service,
    String action,
    String outcome,
    String detail,
    OffsetDateTime at) {}
