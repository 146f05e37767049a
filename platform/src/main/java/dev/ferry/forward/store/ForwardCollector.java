package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import java.util.UUID;

/** A collector Ferry registered in Forward; {@code scope} is "user" or "workspace:<name>". */
public record ForwardCollector(
    UUID id,
    UUID profileId,
    String scope,
    String forwardId,
    String name,
    String username,
    SecretRef keySecretId) {}
