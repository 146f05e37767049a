package dev.ferry.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runtime switches shared by all sandboxes: latency, per-user rate limit, armed faults.
 * Thread-safe.
 */
public final class Faults {
  private volatile long latencyMs;
  private volatile RateLimiter rateLimiter;
  private final List<FaultRule> rules = new ArrayList<>();

  public long latencyMs() {
    return latencyMs;
  }

  public Faults latencyMs(long ms) {
    this.latencyMs = Math.max(0, ms);
    return this;
  }

  /** Enables a sliding one-minute per-user limit; {@code perMinute <= 0} disables it. */
  public Faults rateLimit(int perMinute, int lockoutSeconds) {
    this.rateLimiter = perMinute <= 0 ? null : new RateLimiter(perMinute, lockoutSeconds);
    return this;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public Faults add(FaultRule rule) {
    synchronized (rules) {
      rules.add(rule);
    }
    return this;
  }

  public Faults clearRules() {
    synchronized (rules) {
      rules.clear();
    }
    return this;
  }

  /** Clears everything: latency, rate limit, armed faults. */
  public Faults reset() {
    clearRules();
    latencyMs = 0;
    rateLimiter = null;
    return this;
  }

  /** Takes (consumes) the first armed fault matching the request, or null. */
  public FaultRule take(String method, String path) {
    synchronized (rules) {
      Iterator<FaultRule> it = rules.iterator();
      while (it.hasNext()) {
        FaultRule r = it.next();
        if (r.matches(method, path)) {
          if (r.consume()) {
            it.remove();
          }
          return r;
        }
      }
    }
    return null;
  }

  /**
   * Applies an admin document: {@code {"reset":true, "clearFaults":true, "latencyMs":20,
   * "rateLimit":{"requestsPerMinute":100,"lockoutSeconds":60} | null, "faults":[FaultRule...]}}.
   */
  public void apply(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      throw ApiError.badRequest("expected a JSON object");
    }
    if (doc.path("reset").asBoolean(false)) {
      reset();
    }
    if (doc.path("clearFaults").asBoolean(false)) {
      clearRules();
    }
    if (doc.has("latencyMs")) {
      latencyMs(doc.get("latencyMs").asLong());
    }
    if (doc.has("rateLimit")) {
      JsonNode rl = doc.get("rateLimit");
      if (rl.isNull()) {
        rateLimit(0, 0);
      } else {
        rateLimit(rl.path("requestsPerMinute").asInt(0), rl.path("lockoutSeconds").asInt(60));
      }
    }
    List<FaultRule> parsed = new ArrayList<>();
    for (JsonNode f : doc.path("faults")) {
      parsed.add(FaultRule.fromJson(f));
    }
    parsed.forEach(this::add);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("latencyMs", latencyMs);
    RateLimiter rl = rateLimiter;
    if (rl == null) {
      o.putNull("rateLimit");
    } else {
      o.set("rateLimit", rl.toJson());
    }
    ArrayNode arr = o.putArray("faults");
    synchronized (rules) {
      rules.forEach(r -> arr.add(r.toJson()));
    }
    return o;
  }
}
