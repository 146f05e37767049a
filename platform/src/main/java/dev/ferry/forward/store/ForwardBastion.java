package dev.ferry.forward.store;

import dev.ferry.platform.secrets.SecretRef;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A Ferry-run SSH bastion (BYOS option B): one per tenant ({@code user:<id>} or {@code
 * workspace:<name>}), its Kubernetes name, its key pair (the private key only as a {@link
 * SecretRef}), and the address Forward reaches it at, once the cluster gave it one.
 */
public record ForwardBastion(
    UUID id,
    String tenant,
    String name,
    SecretRef privateKey,
    String publicKey,
    OffsetDateTime keyRotatedAt,
    String host,
    Integer port) {

  /** The account Forward logs in as; the bastion allows no other. */
  public static final String USER = "ferry";
}
