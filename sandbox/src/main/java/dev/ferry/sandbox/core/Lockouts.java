package dev.ferry.sandbox.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keys (users, source addresses) locked out until a point in time. Not thread-safe: the owner
 * synchronizes.
 */
public final class Lockouts {
  private final Map<String, Long> lockedUntil = new HashMap<>();
  private final Consumer<String> onExpiry;

  /** {@code onExpiry} forgets what led to a key's lockout once the lockout is over. */
  public Lockouts(Consumer<String> onExpiry) {
    this.onExpiry = onExpiry;
  }

  public void lock(String key, long untilMs) {
    lockedUntil.put(key, untilMs);
  }

  /**
   * Whole seconds (at least 1) left on the key's lockout, or 0 when it has none; a lockout that has
   * run out is removed here.
   */
  public long remainingSeconds(String key, long nowMs) {
    Long until = lockedUntil.get(key);
    if (until == null) {
      return 0;
    }
    if (nowMs < until) {
      return Math.max(1, (until - nowMs + 999) / 1000);
    }
    lockedUntil.remove(key);
    onExpiry.accept(key);
    return 0;
  }

  public void clear() {
    lockedUntil.clear();
  }

  /** The keys still locked, each with its remaining seconds. */
  public ObjectNode toJson(long nowMs) {
    ObjectNode locked = Json.object();
    lockedUntil.forEach(
        (key, until) -> {
          if (until > nowMs) {
            locked.put(key, (until - nowMs + 999) / 1000);
          }
        });
    return locked;
  }
}
