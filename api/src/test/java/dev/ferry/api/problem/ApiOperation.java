package dev.ferry.api.problem;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One operation of the API's OpenAPI document, with a plausible value for each parameter and a
 * plausible body, so a test can break exactly one thing at a time.
 */
record ApiOperation(String method, String path, List<Parameter> parameters, JsonNode bodySchema) {

  /** A path or query parameter and the value that satisfies its schema. */
  record Parameter(String name, boolean inPath, String plausible) {}

  static List<ApiOperation> all(JsonNode document) {
    SchemaSamples samples = new SchemaSamples(document);
    List<ApiOperation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        JsonNode op = method.getValue();
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
          String in = p.path("in").asText();
          if (in.equals("path") || in.equals("query")) {
            parameters.add(
                new Parameter(
                    p.path("name").asText(),
                    in.equals("path"),
                    samples.parameter(p.path("name").asText(), p.path("schema"))));
          }
        }
        JsonNode content = op.path("requestBody").path("content");
        JsonNode schema = content.isObject() && content.size() > 0 ? firstSchema(content) : null;
        operations.add(
            new ApiOperation(
                method.getKey().toUpperCase(),
                path.getKey(),
                List.copyOf(parameters),
                schema == null ? null : samples.resolve(schema)));
      }
    }
    return List.copyOf(operations);
  }

  private static JsonNode firstSchema(JsonNode content) {
    return content.elements().next().path("schema");
  }

  /** The request target with every parameter plausible except {@code broken}, sent raw. */
  byte[] target(Parameter broken, byte[] raw) {
    StringBuilder before = new StringBuilder();
    String rest = path;
    for (Parameter p : parameters) {
      if (!p.inPath()) {
        continue;
      }
      String placeholder = "{" + p.name() + "}";
      if (p.equals(broken)) {
        int at = rest.indexOf(placeholder);
        before.append(rest, 0, at).append('\u0000');
        rest = rest.substring(at + placeholder.length());
      } else {
        rest = rest.replace(placeholder, encode(p.plausible()));
      }
    }
    before.append(rest);
    StringBuilder query = new StringBuilder();
    for (Parameter p : parameters) {
      if (!p.inPath()) {
        query.append(query.isEmpty() ? "?" : "&").append(encode(p.name())).append('=');
        query.append(p.equals(broken) ? "\u0000" : encode(p.plausible()));
      }
    }
    String target = before + query.toString();
    if (broken == null) {
      return target.getBytes(StandardCharsets.UTF_8);
    }
    // the one NUL placeholder marks where the raw bytes go
    int at = target.indexOf('\u0000');
    byte[] head = target.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = target.substring(at + 1).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + raw.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(raw, 0, out, head.length, raw.length);
    System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
    return out;
  }

  /** The plausible target with one more query parameter, raw name and value. */
  byte[] targetWithExtra(byte[] rawQuery) {
    byte[] plain = target(null, null);
    boolean hasQuery = new String(plain, StandardCharsets.UTF_8).contains("?");
    byte[] joint = (hasQuery ? "&" : "?").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[plain.length + joint.length + rawQuery.length];
    System.arraycopy(plain, 0, out, 0, plain.length);
    System.arraycopy(joint, 0, out, plain.length, joint.length);
    System.arraycopy(rawQuery, 0, out, plain.length + joint.length, rawQuery.length);
    return out;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
