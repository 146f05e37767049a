package dev.ferry.agent;

import java.time.Instant;

/** Operational log lines (start-up, warnings, internal errors) as one-line JSON on stderr. */
final class Log {
  private Log() {}

  static void event(String level, String event, String detail) {
    StringBuilder sb = new StringBuilder(160).append("{\"time\":");
    Json.quote(sb, Instant.now().toString()).append(",\"level\":");
    Json.quote(sb, level).append(",\"event\":");
    Json.quote(sb, event);
    if (detail != null) {
      sb.append(",\"detail\":");
      Json.quote(sb, detail);
    }
    System.err.println(sb.append('}'));
  }
}
