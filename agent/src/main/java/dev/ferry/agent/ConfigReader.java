package dev.ferry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
  private final JsonNode node;
  private final String prefix;
  private final Set<String> known = new LinkedHashSet<>();

  private ConfigReader(JsonNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  static ConfigReader root(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(what + " must be a JSON object");
    }
    return new ConfigReader(node, "");
  }

  String name(String key) {
    return prefix + key;
  }

  boolean has(String key) {
    known.add(key);
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
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
    JsonNode v = node.get(key);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new ConfigException("'" + name(key) + "' must be a non-empty string");
    }
    return v.asText();
  }

  boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode v = node.get(key);
    if (!v.isBoolean()) {
      throw new ConfigException("'" + name(key) + "' must be true or false, not " + v);
    }
    return v.booleanValue();
  }

  long integer(String key, long fallback, long min, long max) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode v = node.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ConfigException("'" + name(key) + "' must be a whole number, not " + v);
    }
    long n = v.longValue();
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
    JsonNode v = node.get(key);
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(
          item -> {
            if (item.isTextual() && !item.asText().isBlank()) {
              out.add(item.asText());
            }
          });
    }
    if (!v.isArray() || out.size() != v.size()) {
      throw new ConfigException("'" + name(key) + "' must be a list of non-empty strings");
    }
    return out;
  }

  /** A nested object; absent reads as empty (its own keys still checked by its {@link #done}). */
  ConfigReader object(String key) {
    if (!has(key)) {
      return new ConfigReader(JsonNodeFactory.instance.objectNode(), name(key) + ".");
    }
    JsonNode v = node.get(key);
    if (!v.isObject()) {
      throw new ConfigException("'" + name(key) + "' must be an object");
    }
    return new ConfigReader(v, name(key) + ".");
  }

  /** An object whose keys are names chosen by the operator (e.g. credential types). */
  Map<String, ConfigReader> entries(String key) {
    Map<String, ConfigReader> out = new LinkedHashMap<>();
    ConfigReader map = object(key);
    map.node
        .properties()
        .forEach(
            e -> {
              map.known.add(e.getKey());
              if (!e.getValue().isObject()) {
                throw new ConfigException("'" + map.name(e.getKey()) + "' must be an object");
              }
              out.put(e.getKey(), new ConfigReader(e.getValue(), map.name(e.getKey()) + "."));
            });
    return out;
  }

  /** Refuses keys that were never read: unknown or misspelt. */
  void done() {
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                String hint = closest(key);
                throw new ConfigException(
                    "unknown key '"
                        + name(key)
                        + "'"
                        + (hint == null ? "" : " (did you mean '" + name(hint) + "'?)"));
              }
            });
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
