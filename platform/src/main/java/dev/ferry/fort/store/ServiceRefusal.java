package dev.ferry.fort.store;

import java.time.OffsetDateTime;

/**
 * A declaration of a host's manifest that Ferry refused, and why; nothing is fulfilled for it.
 *
 * @param service the declared name, or {@code #<position>} when the name itself is unusable
 * @param fqdn the name it asked for, when it could be built
 * @param since when this refusal (with this reason) was first seen
 */
public record ServiceRefusal(
    String cluster,
    String host,
    String service,
    String fqdn,
    String reason,
    OffsetDateTime since) {}
