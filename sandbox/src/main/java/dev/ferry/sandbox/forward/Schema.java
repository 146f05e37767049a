package dev.ferry.sandbox.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request-body schema taken from the Forward OpenAPI 26.6 document: known fields with their
 * types, required fields. Forward binds bodies with Jackson and rejects unknown properties
 * (forward-api.md §3.9, §13).
 */
final class Schema {
  enum Kind {
    STRING,
    INT,
    BOOL,
    NUMBER,
    STRING_ARRAY,
    ENUM,
    OBJECT
  }

  record Field(Kind kind, long min, long max, Set<String> values, String typeName) {}

  private final String className;
  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final List<String> required;

  Schema(String className, String... required) {
    this.className = className;
    this.required = List.of(required);
  }

  Schema str(String... names) {
    for (String n : names) {
      fields.put(n, new Field(Kind.STRING, 0, 0, null, "String"));
    }
    return this;
  }

  Schema bool(String... names) {
    for (String n : names) {
      fields.put(n, new Field(Kind.BOOL, 0, 0, null, "boolean"));
    }
    return this;
  }

  Schema num(String... names) {
    for (String n : names) {
      fields.put(n, new Field(Kind.NUMBER, 0, 0, null, "float"));
    }
    return this;
  }

  Schema integer(String name, long min, long max) {
    fields.put(name, new Field(Kind.INT, min, max, null, "int"));
    return this;
  }

  Schema integer(String... names) {
    for (String n : names) {
      integer(n, Long.MIN_VALUE, Long.MAX_VALUE);
    }
    return this;
  }

  Schema strings(String... names) {
    for (String n : names) {
      fields.put(n, new Field(Kind.STRING_ARRAY, 0, 0, null, "List<String>"));
    }
    return this;
  }

  Schema enumeration(String name, String typeName, Set<String> values) {
    fields.put(name, new Field(Kind.ENUM, 0, 0, values, typeName));
    return this;
  }

  Schema object(String name, String typeName) {
    fields.put(name, new Field(Kind.OBJECT, 0, 0, null, typeName));
    return this;
  }

  String className() {
    return className;
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  /** Validates a creation body: nulls are treated as absent; required fields enforced. */
  ObjectNode create(JsonNode node) {
    return validate(node, false);
  }

  /** Validates a patch body: explicit nulls are kept (they clear a property). */
  ObjectNode patch(JsonNode node) {
    return validate(node, true);
  }

  private ObjectNode validate(JsonNode node, boolean patch) {
    if (node == null) {
      throw ApiError.badRequest(
          "No content to map due to end-of-input (expected " + className + ")");
    }
    if (!node.isObject()) {
      throw ApiError.badRequest(
          "Cannot deserialize value of type `"
              + className
              + "` from "
              + tokenName(node)
              + " value");
    }
    ObjectNode out = dev.ferry.sandbox.core.Json.object();
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      String name = e.getKey();
      Field f = fields.get(name);
      if (f == null) {
        throw ApiError.badRequest("Unrecognized field \"" + name + "\" (class " + className + ")");
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        if (patch) {
          out.putNull(name);
        }
        continue;
      }
      check(name, f, v);
      out.set(name, v.deepCopy());
    }
    if (!patch) {
      for (String r : required) {
        if (!out.hasNonNull(r)) {
          throw ApiError.badRequest(
              "Missing required property \"" + r + "\" (class " + className + ")");
        }
      }
    }
    return out;
  }

  private static void check(String name, Field f, JsonNode v) {
    boolean ok =
        switch (f.kind) {
          case STRING -> v.isTextual();
          case BOOL -> v.isBoolean();
          case NUMBER -> v.isNumber();
          case INT -> v.isIntegralNumber();
          case OBJECT -> v.isObject();
          case ENUM -> v.isTextual();
          case STRING_ARRAY -> v.isArray() && allText(v);
        };
    if (!ok) {
      throw ApiError.badRequest(
          "Cannot deserialize value of type `"
              + f.typeName
              + "` from "
              + tokenName(v)
              + " value (property \""
              + name
              + "\")");
    }
    if (f.kind == Kind.ENUM && !f.values.contains(v.asText())) {
      throw ApiError.badRequest(
          "Cannot deserialize value of type `"
              + f.typeName
              + "` from String \""
              + v.asText()
              + "\": not one of the values accepted for Enum class: "
              + f.values);
    }
    if (f.kind == Kind.INT && (v.asLong() < f.min || v.asLong() > f.max)) {
      throw ApiError.badRequest(
          "Invalid \"" + name + "\": " + v.asLong() + " is not between " + f.min + " and " + f.max);
    }
  }

  private static boolean allText(JsonNode arr) {
    for (JsonNode x : arr) {
      if (!x.isTextual()) {
        return false;
      }
    }
    return true;
  }

  static String tokenName(JsonNode v) {
    if (v.isObject()) {
      return "Object";
    }
    if (v.isArray()) {
      return "Array";
    }
    if (v.isTextual()) {
      return "String \"" + v.asText() + "\"";
    }
    if (v.isBoolean()) {
      return "Boolean";
    }
    if (v.isNumber()) {
      return "Number";
    }
    return v.getNodeType().toString();
  }
}
