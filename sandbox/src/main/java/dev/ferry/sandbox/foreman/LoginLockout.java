package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Lockouts;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Foreman's failed-login lockout per source IP: after {@code limit} failures (default 30) every
 * request from the IP is refused for the lockout (default 5 minutes); a limit of 0 disables it.
 */
final class LoginLockout {
  private final Map<String, Integer> failures = new HashMap<>();
  private final Lockouts lockouts = new Lockouts(failures::remove);
  private int limit = 30;
  private long lockoutMs = 5 * 60_000;

  synchronized void configure(int limit, Duration lockout) {
    this.limit = limit;
    this.lockoutMs = lockout.toMillis();
    clear();
  }

  synchronized boolean locked(String ip, long nowMs) {
    return lockouts.remainingSeconds(ip, nowMs) > 0;
  }

  synchronized void recordFailure(String ip, long nowMs) {
    if (limit > 0 && failures.merge(ip, 1, Integer::sum) >= limit) {
      lockouts.lock(ip, nowMs + lockoutMs);
    }
  }

  synchronized void clear() {
    failures.clear();
    lockouts.clear();
  }

  /** The locked IPs with their remaining seconds. */
  synchronized ObjectNode toJson() {
    return lockouts.toJson(System.currentTimeMillis());
  }
}
