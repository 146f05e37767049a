package dev.ferry.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One armed fault: the next {@code count} requests whose path matches {@code path} (a regex over
 * the request path, optional) and whose method matches {@code method} (optional) are answered with
 * it.
 */
public final class FaultRule {
  public enum Kind {
    STATUS,
    RESET,
    SLOW
  }

  private final Kind kind;
  private final int status;
  private final Pattern path;
  private final String method;
  private final int retryAfterSeconds;
  private final long delayMs;
  private int remaining;

  public FaultRule(
      Kind kind,
      int status,
      int count,
      String pathRegex,
      String method,
      int retryAfterSeconds,
      long delayMs) {
    this.kind = kind;
    this.status = status;
    this.remaining = count;
    this.path = pathRegex == null || pathRegex.isBlank() ? null : Pattern.compile(pathRegex);
    this.method = method == null || method.isBlank() ? null : method.toUpperCase(Locale.ROOT);
    this.retryAfterSeconds = retryAfterSeconds;
    this.delayMs = delayMs;
  }

  public static FaultRule status(int status, int count) {
    return new FaultRule(
        Kind.STATUS, status, count, null, null, status == 429 || status == 503 ? 1 : 0, 0);
  }

  public static FaultRule status(int status, int count, String pathRegex, int retryAfterSeconds) {
    return new FaultRule(Kind.STATUS, status, count, pathRegex, null, retryAfterSeconds, 0);
  }

  public static FaultRule reset(int count, String pathRegex) {
    return new FaultRule(Kind.RESET, 0, count, pathRegex, null, 0, 0);
  }

  public static FaultRule slow(int count, String pathRegex, long delayMs) {
    return new FaultRule(Kind.SLOW, 0, count, pathRegex, null, 0, delayMs);
  }

  /**
   * JSON form: {@code {"type":"429"|"500"|"503"|"<any status>"|"reset"|"slow", "count":1,
   * "path":"regex", "method":"POST", "retryAfterSeconds":2, "delayMs":60000}}.
   */
  public static FaultRule fromJson(JsonNode n) {
    String type = n.path("type").asText("").toLowerCase(Locale.ROOT);
    int count = n.path("count").asInt(1);
    String path = n.hasNonNull("path") ? n.get("path").asText() : null;
    String method = n.hasNonNull("method") ? n.get("method").asText() : null;
    int retryAfter = n.path("retryAfterSeconds").asInt(-1);
    long delay = n.path("delayMs").asLong(60_000);
    switch (type) {
      case "reset":
        return new FaultRule(Kind.RESET, 0, count, path, method, 0, 0);
      case "slow":
        return new FaultRule(Kind.SLOW, 0, count, path, method, 0, delay);
      default:
        int status;
        try {
          status = type.equals("status") ? n.path("status").asInt() : Integer.parseInt(type);
        } catch (NumberFormatException e) {
          throw ApiError.badRequest(
              "unknown fault type '" + type + "' (use reset, slow or an HTTP status)");
        }
        if (status < 400 || status > 599) {
          throw ApiError.badRequest("fault status must be 4xx/5xx, got " + status);
        }
        if (retryAfter < 0) {
          retryAfter = status == 429 || status == 503 ? 1 : 0;
        }
        return new FaultRule(Kind.STATUS, status, count, path, method, retryAfter, 0);
    }
  }

  boolean matches(String reqMethod, String reqPath) {
    return remaining > 0
        && (method == null || method.equals(reqMethod))
        && (path == null || path.matcher(reqPath).matches());
  }

  /** Consumes one use; returns true when exhausted. */
  boolean consume() {
    remaining--;
    return remaining <= 0;
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public long delayMs() {
    return delayMs;
  }

  ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put(
        "type",
        kind == Kind.STATUS ? String.valueOf(status) : kind.name().toLowerCase(Locale.ROOT));
    o.put("remaining", remaining);
    if (path != null) {
      o.put("path", path.pattern());
    }
    if (method != null) {
      o.put("method", method);
    }
    if (kind == Kind.STATUS && retryAfterSeconds > 0) {
      o.put("retryAfterSeconds", retryAfterSeconds);
    }
    if (kind == Kind.SLOW) {
      o.put("delayMs", delayMs);
    }
    return o;
  }
}
