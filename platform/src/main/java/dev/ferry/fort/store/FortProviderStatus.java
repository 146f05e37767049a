package dev.ferry.fort.store;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What the worker last learnt from a cluster's providers; nothing secret.
 *
 * @param pocketIdVersion as pocket-id reports it ({@code 1.x} when it predates the version route)
 * @param pocketIdKeyExpiresAt when the API key Ferry uses stops working; null when unknown
 */
public record FortProviderStatus(
    String cluster,
    String pocketIdVersion,
    OffsetDateTime pocketIdKeyExpiresAt,
    OffsetDateTime checkedAt) {

  /** A key expiring within this is reported (audit, cluster view). */
  public static final Duration KEY_WARNING = Duration.ofDays(14);

  /** True when the key is known to expire within {@link #KEY_WARNING} of {@code now}. */
  public boolean keyExpiring(OffsetDateTime now) {
    return pocketIdKeyExpiresAt != null && pocketIdKeyExpiresAt.isBefore(now.plus(KEY_WARNING));
  }
}
