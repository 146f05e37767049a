package dev.ferry.api.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plausible values for the schemas of an OpenAPI document: each satisfies its schema's type,
 * pattern, length and range, so that a test which breaks one field reaches the code behind the
 * validation of all the others.
 */
final class SchemaSamples {

  static final String UUID = "7f3c2a4e-0b1d-4c5e-9f60-1a2b3c4d5e6f";

  /** Tried in order; the first that fits a string schema wins. */
  private static final List<String> STRINGS =
      List.of(
          "lab1",
          "byos",
          "user",
          "https://example.com",
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFV6enlGdXp6eUZ1enp5RnV6enlGdXp6eUZ1enp5",
          "example.com",
          "a");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode components;

  SchemaSamples(JsonNode document) {
    this.components = document.path("components").path("schemas");
  }

  /** The schema itself, with every {@code $ref} resolved (recursion stops at a repeat). */
  JsonNode resolve(JsonNode schema) {
    return resolve(schema, new HashSet<>());
  }

  private JsonNode resolve(JsonNode schema, Set<String> seen) {
    if (schema.has("$ref")) {
      String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
      if (!seen.add(name)) {
        return NODES.objectNode().put("type", "object");
      }
      JsonNode resolved = resolve(components.path(name), seen);
      seen.remove(name);
      return resolved;
    }
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode copy = ((ObjectNode) schema).deepCopy();
    if (schema.has("items")) {
      copy.set("items", resolve(schema.path("items"), seen));
    }
    if (schema.has("properties")) {
      ObjectNode properties = NODES.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        properties.set(field.getKey(), resolve(field.getValue(), seen));
      }
      copy.set("properties", properties);
    }
    return copy;
  }

  /** A value for a resolved schema; {@code name} is the field's name, a hint for strings. */
  JsonNode instance(String name, JsonNode schema) {
    String type = schema.path("type").asText("object");
    return switch (type) {
      case "string" -> NODES.textNode(string(name, schema));
      case "integer", "number" -> NODES.numberNode(number(schema));
      case "boolean" -> NODES.booleanNode(false);
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        array.add(instance(name, schema.path("items")));
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          object.set(field.getKey(), instance(field.getKey(), field.getValue()));
        }
        yield object;
      }
    };
  }

  /**
   * A plausible text for a path or query parameter. Text names nothing that exists: what a body
   * creates is called {@code lab1}, and a test without a worker must not start a run that waits for
   * one (a connection test of an existing profile would wait minutes).
   */
  String parameter(String name, JsonNode schema) {
    JsonNode instance = instance(name, resolve(schema));
    return instance.isTextual()
        ? instance.asText().replace("lab1", "absent1")
        : instance.toString();
  }

  private static String string(String name, JsonNode schema) {
    if ("uuid".equals(schema.path("format").asText())) {
      return UUID;
    }
    if (schema.has("enum")) {
      return schema.path("enum").get(0).asText();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith("url")) {
      return "https://example.com";
    }
    if (lower.equals("deploymenttype")) {
      return "byos";
    }
    if (lower.equals("role")) {
      return "user";
    }
    String pattern = schema.path("pattern").asText(null);
    int min = schema.path("minLength").asInt(0);
    int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
    for (String candidate : STRINGS) {
      if ((pattern == null || candidate.matches(pattern))
          && candidate.length() >= min
          && candidate.length() <= max) {
        return candidate;
      }
    }
    return "lab1";
  }

  private static long number(JsonNode schema) {
    if (schema.has("minimum")) {
      return Math.max(1, schema.path("minimum").asLong());
    }
    return schema.has("maximum") ? Math.min(1, schema.path("maximum").asLong()) : 1;
  }
}
