package dev.ferry.forward.activity;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Names Ferry gives Forward objects (forward-api.md §8), so re-runs find what earlier runs made.
 */
final class ForwardNames {

  private ForwardNames() {}

  /** {@code <deployment>-<user>}, characters outside [A-Za-z0-9_.-] replaced by '-', at most 80. */
  static String network(String deployment, String user) {
    return clip(clean(deployment + "-" + user), 80);
  }

  /** Collision fallbacks: name-HHMM, name-HHMM-01, name-HHMM-02. */
  static String networkAlternative(String name, ZonedDateTime now, int attempt) {
    String stamp =
        name
            + "-"
            + now.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HHmm"));
    return clip(attempt == 0 ? stamp : stamp + String.format("-%02d", attempt), 80);
  }

  /** {@code <deployment>-<kind>} lowercase [a-z0-9._-], at most 80. */
  static String credential(String deployment, String kind) {
    return clip(clean(deployment + "-" + kind).toLowerCase(Locale.ROOT), 80);
  }

  /** {@code ferry-<user>} or {@code ferry-<user>-<workspace>} as a DNS label. */
  static String collector(String user, String workspace) {
    String base = "ferry-" + dnsLabel(user, 40);
    return workspace == null ? base : clip(base + "-" + dnsLabel(workspace, 20), 63);
  }

  static String dnsLabel(String value, int max) {
    String label =
        value
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-+", "-")
            .replaceAll("^-|-$", "");
    return clip(label.isEmpty() ? "x" : label, max).replaceAll("-$", "");
  }

  private static String clean(String value) {
    return value.replaceAll("[^A-Za-z0-9_.-]", "-");
  }

  private static String clip(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
