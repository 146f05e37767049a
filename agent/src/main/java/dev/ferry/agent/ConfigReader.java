package dev.ferry.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of one JSON object of the config: every read names the key it expects, a value of
 * the wrong type is an error, and {@link #done} refuses any key nobody read (a misspelt key would
 * otherwise be silently ignored), suggesting the closest known one. Errors name the key by its full
 * path, e.g. {@code limits.maxFollowers}. A JSON {@code null} counts as absent.
 */
final class ConfigReader {
  private final Map<String, Object> node;
  private final String prefix;
  private final Set<String> known = new LinkedHashSet<>();

  private ConfigReader(Map<String, Object> node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** {@code document} as parsed by {@link Json}. */
  static ConfigReader root(Object document, String what) {
    Map<String, Object> node = Json.object(document);
    if (node == null) {
      throw new ConfigException(what + " must be a JSON object");
    }
    return new ConfigReader(node, "");
  }

  String name(String key) {
    return prefix + key;
  }

  boolean has(String key) {
    known.add(key);
    return node.get(key) != null;
  }

  String text(String key) {
    if (!has(key)) {
      throw new ConfigException("'" + name(key) + "' is required (a non-empty string)");
    }
    return text(key, null);
  }

  String text(String key, String fallback) {
    if (!has(key)) {
      return fallback;
    }
    if (!(node.get(key) instanceof String s) || s.isBlank()) {
      throw new ConfigException("'" + name(key) + "' must be a non-empty string");
    }
    return s;
  }

  boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    Object v = node.get(key);
    if (!(v instanceof Boolean b)) {
      throw new ConfigException("'" + name(key) + "' must be true or false, not " + Json.text(v));
    }
    return b;
  }

  long integer(String key, long fallback, long min, long max) {
    if (!has(key)) {
      return fallback;
    }
    Object v = node.get(key);
    if (!(v instanceof Long whole)) { // a fraction, a string, or beyond 64 bits
      throw new ConfigException("'" + name(key) + "' must be a whole number, not " + Json.text(v));
    }
    long n = whole;
    if (n < min || n > max) {
      throw new ConfigException(
          "'" + name(key) + "' must be in " + min + ".." + max + ", not " + n);
    }
    return n;
  }

  List<String> strings(String key) {
    if (!has(key)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (node.get(key) instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
    }
    if (!(node.get(key) instanceof List<?> items) || out.size() != items.size()) {
      throw new ConfigException("'" + name(key) + "' must be a list of non-empty strings");
    }
    return out;
  }

  /** A nested object; absent reads as empty (its own keys still checked by its {@link #done}). */
  ConfigReader object(String key) {
    if (!has(key)) {
      return new ConfigReader(Map.of(), name(key) + ".");
    }
    Map<String, Object> v = Json.object(node.get(key));
    if (v == null) {
      throw new ConfigException("'" + name(key) + "' must be an object");
    }
    return new ConfigReader(v, name(key) + ".");
  }

  /** An object whose keys are names chosen by the operator (e.g. credential types). */
  Map<String, ConfigReader> entries(String key) {
    Map<String, ConfigReader> out = new LinkedHashMap<>();
    ConfigReader map = object(key);
    for (Map.Entry<String, Object> e : map.node.entrySet()) {
      map.known.add(e.getKey());
      Map<String, Object> v = Json.object(e.getValue());
      if (v == null) {
        throw new ConfigException("'" + map.name(e.getKey()) + "' must be an object");
      }
      out.put(e.getKey(), new ConfigReader(v, map.name(e.getKey()) + "."));
    }
    return out;
  }

  /** Refuses keys that were never read: unknown or misspelt. */
  void done() {
    for (String key : node.keySet()) {
      if (!known.contains(key)) {
        String hint = closest(key);
        throw new ConfigException(
            "unknown key '"
                + name(key)
                + "'"
                + (hint == null ? "" : " (did you mean '" + name(hint) + "'?)"));
      }
    }
  }

  private String closest(String key) {
    String best = null;
    int bestDistance = 3; // more edits than this is not a typo
    for (String k : known) {
      int d = distance(key.toLowerCase(), k.toLowerCase());
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
