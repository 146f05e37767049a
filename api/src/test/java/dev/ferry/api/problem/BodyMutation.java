package dev.ferry.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One thing wrong with an otherwise plausible request body: a field's value replaced by raw JSON
 * text ({@link Kind#inField}), or the document as a whole broken. {@code pick} chooses the field,
 * counting every value of the document in order.
 */
record BodyMutation(Kind kind, int pick, int size, String text) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARK = "\"@@mutated@@\"";

  enum Kind {
    NUMBER_FOR_STRING(true),
    STRING_FOR_NUMBER(true),
    TWO_FOR_BOOLEAN(true),
    FRACTION_FOR_INTEGER(true),
    HUGE_INTEGER(true),
    HUGE_EXPONENT(true),
    THOUSAND_DIGITS(true),
    NULL(true),
    NUL_CHARACTER(true),
    ESCAPE_CHARACTER(true),
    RAW_CONTROL_CHARACTER(true),
    LONE_SURROGATE(true),
    OVERSIZE_STRING(true),
    RANDOM_TEXT(true),
    LIST_OF_NULL(true),
    EMPTY_LIST(true),
    EMPTY_OBJECT(true),
    EMPTY_STRING(true),
    BLANK_STRING(true),
    DEEP_NESTING(true),
    DUPLICATE_KEY(true),
    UNKNOWN_FIELD(true),
    TRAILING_GARBAGE(false),
    TRUNCATED(false),
    EMPTY_BODY(false),
    NOT_JSON(false),
    WRAPPED_IN_LIST(false),
    JSON_NULL(false),
    BYTE_ORDER_MARK(false);

    final boolean inField;

    Kind(boolean inField) {
      this.inField = inField;
    }
  }

  /** The body text: {@code plausible} with this mutation applied. */
  String apply(JsonNode plausible) {
    String whole = write(plausible);
    if (!kind.inField) {
      return switch (kind) {
        case TRAILING_GARBAGE -> whole + "}}garbage";
        case TRUNCATED -> whole.substring(0, Math.max(0, whole.length() - 1 - pick % 3));
        case EMPTY_BODY -> "";
        case NOT_JSON -> "hello=world";
        case WRAPPED_IN_LIST -> "[" + whole + "]";
        case JSON_NULL -> "null";
        default -> "\uFEFF" + whole;
      };
    }
    List<String> paths = new ArrayList<>();
    collect(plausible, "", paths);
    if (paths.isEmpty()) {
      // a scalar body (the codec takes text): the whole body is the field
      return replacement("body", whole).replace(MARK, whole);
    }
    String target = paths.get(pick % paths.size());
    JsonNode copy = plausible.deepCopy();
    String original = write(at(copy, target));
    String name = target.substring(target.lastIndexOf('/') + 1);
    setAt(copy, target);
    return write(copy).replace(MARK, replacement(name, original));
  }

  /** The raw JSON text that takes the place of a field whose value was {@code original}. */
  private String replacement(String name, String original) {
    return switch (kind) {
      case NUMBER_FOR_STRING -> "12345";
      case STRING_FOR_NUMBER -> "\"12\"";
      case TWO_FOR_BOOLEAN -> "2";
      case FRACTION_FOR_INTEGER -> "1.5";
      case HUGE_INTEGER -> "9".repeat(40);
      case HUGE_EXPONENT -> "1e999999";
      case THOUSAND_DIGITS -> "1".repeat(1200);
      case NULL -> "null";
      case NUL_CHARACTER -> "\"lab\\u0000x\"";
      case ESCAPE_CHARACTER -> "\"lab\\u001b[31m\"";
      case RAW_CONTROL_CHARACTER -> "\"lab\u0001x\"";
      case LONE_SURROGATE -> "\"lab\\ud800\"";
      case OVERSIZE_STRING -> "\"" + "x".repeat(size) + "\"";
      case RANDOM_TEXT -> write(JSON.getNodeFactory().textNode(text));
      case LIST_OF_NULL -> "[null]";
      case EMPTY_LIST -> "[]";
      case EMPTY_OBJECT -> "{}";
      case EMPTY_STRING -> "\"\"";
      case BLANK_STRING -> "\"   \"";
      case DEEP_NESTING -> "[".repeat(size) + "]".repeat(size);
      case DUPLICATE_KEY -> original + ",\"" + name + "\":" + original;
      case UNKNOWN_FIELD -> original + ",\"zzUnknown\":true";
      default -> throw new IllegalStateException(kind.name());
    };
  }

  /** JSON pointers of every value, objects and lists included, in document order. */
  private static void collect(JsonNode node, String pointer, List<String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = pointer + "/" + field.getKey();
        out.add(child);
        collect(field.getValue(), child, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String child = pointer + "/" + i;
        out.add(child);
        collect(node.get(i), child, out);
      }
    }
  }

  private static JsonNode at(JsonNode root, String pointer) {
    return root.at(pointer);
  }

  private static void setAt(JsonNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode object) {
      object.putRawValue(last, new com.fasterxml.jackson.databind.util.RawValue(MARK));
    } else if (parent instanceof ArrayNode array) {
      array.set(
          Integer.parseInt(last),
          JSON.getNodeFactory()
              .rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(MARK)));
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return kind
        + "(pick "
        + pick
        + (kind == Kind.RANDOM_TEXT ? ", " + write(JSON.getNodeFactory().textNode(text)) : "")
        + ")";
  }
}
