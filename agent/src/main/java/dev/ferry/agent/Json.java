package dev.ferry.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's JSON, on jackson-core's streaming parser and generator only (data binding would load
 * a few hundred classes more into a process that reads five small shapes). A document is plain
 * Java: an object is a {@code Map<String, Object>} in document order, an array a {@code
 * List<Object>}, an integer a {@code Long} (a {@code BigInteger} beyond 64 bits), a fraction a
 * {@code Double}, and strings, booleans and {@code null} are themselves. {@link #write} takes the
 * same shapes. {@link #quote} writes one string straight into a builder for the hot path (errors,
 * audit lines).
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** One JSON value; anything after it but whitespace is an error. */
  static Object parse(byte[] json) throws IOException {
    return read(FACTORY.createParser(json));
  }

  static Object parse(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(FACTORY.createParser(in));
    }
  }

  /** A tree a caller built with Jackson (tests and clients do), read as the agent reads a file. */
  static Object parse(TreeNode tree) {
    try {
      return read(tree.traverse());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value as a JSON object, or null when it is something else. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  static byte[] write(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return out.toByteArray();
  }

  /** JSON text of a value, for messages that show what was written, e.g. {@code "8"}. */
  static String text(Object value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /** {@code s} as a JSON string, escaped by jackson-core (control characters included). */
  static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, sb);
    return sb.append('"');
  }

  static String error(String message) {
    return quote(new StringBuilder("{\"error\":"), message).append('}').toString();
  }

  private static Object read(JsonParser p) throws IOException {
    try (p) {
      if (p.nextToken() == null) {
        throw new JsonParseException(p, "no JSON value");
      }
      Object value = value(p);
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "unexpected content after the JSON value");
      }
      return value;
    }
  }

  private static Object value(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.put(name, value(p)); // a repeated name: the last one counts, as in Jackson's trees
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        yield array;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT ->
          p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? p.getBigIntegerValue()
              : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(p, "unexpected " + p.currentToken());
    };
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Iterable<?> items) {
      g.writeStartArray();
      for (Object item : items) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long || value instanceof Integer) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value == null) {
      g.writeNull();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }
}
