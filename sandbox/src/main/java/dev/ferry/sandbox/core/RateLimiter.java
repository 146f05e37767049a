package dev.ferry.sandbox.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-user sliding one-minute window. Exceeding it locks the user out for {@code lockoutSeconds};
 * while locked every request is rejected with the remaining block as Retry-After (forward-api.md
 * §6).
 */
public final class RateLimiter {
  private static final long WINDOW_MS = 60_000;
  private final int perMinute;
  private final int lockoutSeconds;
  private final Map<String, Deque<Long>> windows = new HashMap<>();
  private final Lockouts lockouts = new Lockouts(windows::remove);

  public RateLimiter(int perMinute, int lockoutSeconds) {
    this.perMinute = perMinute;
    this.lockoutSeconds = Math.max(1, lockoutSeconds);
  }

  /** Records a request; returns 0 when allowed, else the Retry-After seconds (>= 1). */
  public synchronized long acquire(String user, long nowMs) {
    long locked = lockouts.remainingSeconds(user, nowMs);
    if (locked > 0) {
      return locked;
    }
    Deque<Long> w = windows.computeIfAbsent(user, k -> new ArrayDeque<>());
    while (!w.isEmpty() && w.peekFirst() <= nowMs - WINDOW_MS) {
      w.pollFirst();
    }
    if (w.size() >= perMinute) {
      lockouts.lock(user, nowMs + lockoutSeconds * 1000L);
      return lockoutSeconds;
    }
    w.addLast(nowMs);
    return 0;
  }

  public synchronized ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("requestsPerMinute", perMinute);
    o.put("lockoutSeconds", lockoutSeconds);
    o.set("lockedUsers", lockouts.toJson(System.currentTimeMillis()));
    return o;
  }
}
