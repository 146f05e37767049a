package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * structured-merge-diff's operations on JSON objects of one kind (typed/tofieldset.go,
 * typed/merge.go, typed/compare.go, typed/remove.go, v4): the field set of an applied
 * configuration, the merge of a configuration into a live object, the comparison of two objects,
 * and the removal of fields.
 */
final class StructuredMerge {

  /** Fields an old and a new object differ in (typed.Comparison). */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    FieldSet changed() {
      return added.union(modified);
    }
  }

  private final Schema schema;

  StructuredMerge(Schema schema) {
    this.schema = schema;
  }

  /**
   * The fields an applied configuration sets: every leaf (a scalar, an atomic list or map, an empty
   * map) and every associative-list or set item, but not the maps on the way.
   */
  FieldSet fieldSet(JsonNode config) {
    FieldSet out = new FieldSet();
    leaves(config, "", List.of(), out);
    return out;
  }

  private void leaves(JsonNode node, String pattern, List<String> path, FieldSet out) {
    if (node.isObject() && !schema.atomicMap(pattern) && !node.isEmpty()) {
      node.fields()
          .forEachRemaining(
              f ->
                  leaves(
                      f.getValue(),
                      join(pattern, f.getKey()),
                      FieldSet.child(path, "f:" + f.getKey()),
                      out));
      return;
    }
    if (node.isArray() && !node.isEmpty() && schema.listType(pattern) != Schema.ListType.ATOMIC) {
      for (JsonNode item : node) {
        List<String> itemPath = FieldSet.child(path, element(pattern, item));
        out.add(itemPath);
        if (schema.listType(pattern) == Schema.ListType.MAP && item.isObject()) {
          item.fields()
              .forEachRemaining(
                  f ->
                      leaves(
                          f.getValue(),
                          join(pattern + "[]", f.getKey()),
                          FieldSet.child(itemPath, "f:" + f.getKey()),
                          out));
        }
      }
      return;
    }
    if (!path.isEmpty()) {
      out.add(path);
    }
  }

  /** The configuration merged into the live object: the configuration wins where both set. */
  JsonNode merge(JsonNode live, JsonNode config, String pattern) {
    if (live == null) {
      return config.deepCopy();
    }
    if (live.isObject() && config.isObject() && !schema.atomicMap(pattern)) {
      ObjectNode out = (ObjectNode) live.deepCopy();
      config
          .fields()
          .forEachRemaining(
              f ->
                  out.set(
                      f.getKey(),
                      merge(live.get(f.getKey()), f.getValue(), join(pattern, f.getKey()))));
      return out;
    }
    if (live.isArray() && config.isArray() && schema.listType(pattern) != Schema.ListType.ATOMIC) {
      Map<String, JsonNode> items = byElement(live, pattern);
      byElement(config, pattern)
          .forEach((e, item) -> items.put(e, merge(items.get(e), item, pattern + "[]")));
      ArrayNode out = Json.array();
      items.values().forEach(out::add);
      return out;
    }
    return config.deepCopy();
  }

  JsonNode merge(JsonNode live, JsonNode config) {
    return merge(live, config, "");
  }

  /**
   * What changed from {@code old} to {@code next}; added and removed include the maps on the way.
   */
  Comparison compare(JsonNode old, JsonNode next) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    compare(old, next, "", List.of(), c);
    return c;
  }

  private void compare(
      JsonNode old, JsonNode next, String pattern, List<String> path, Comparison c) {
    boolean objects = old.isObject() && next.isObject() && !schema.atomicMap(pattern);
    boolean lists =
        old.isArray() && next.isArray() && schema.listType(pattern) != Schema.ListType.ATOMIC;
    if (!objects && !lists) {
      if (!old.equals(next)) {
        c.modified().add(path);
      }
      return;
    }
    Map<String, JsonNode> before = objects ? fields(old) : byElement(old, pattern);
    Map<String, JsonNode> after = objects ? fields(next) : byElement(next, pattern);
    Set<String> elements = new LinkedHashSet<>(before.keySet());
    elements.addAll(after.keySet());
    for (String e : elements) {
      String childPattern = objects ? join(pattern, e.substring(2)) : pattern + "[]";
      List<String> childPath = FieldSet.child(path, e);
      JsonNode o = before.get(e);
      JsonNode n = after.get(e);
      if (o == null) {
        everything(n, childPattern, childPath, c.added());
      } else if (n == null) {
        everything(o, childPattern, childPath, c.removed());
      } else if (objects || schema.listType(pattern) == Schema.ListType.MAP) {
        compare(o, n, childPattern, childPath, c);
      }
    }
  }

  /** Every path at and below {@code node}. */
  private void everything(JsonNode node, String pattern, List<String> path, FieldSet out) {
    out.add(path);
    boolean object = node.isObject() && !schema.atomicMap(pattern);
    boolean list = node.isArray() && schema.listType(pattern) != Schema.ListType.ATOMIC;
    if (object || (list && schema.listType(pattern) == Schema.ListType.MAP)) {
      Map<String, JsonNode> children = object ? fields(node) : byElement(node, pattern);
      children.forEach(
          (e, child) ->
              everything(
                  child,
                  object ? join(pattern, e.substring(2)) : pattern + "[]",
                  FieldSet.child(path, e),
                  out));
    } else if (list) {
      byElement(node, pattern).keySet().forEach(e -> out.add(FieldSet.child(path, e)));
    }
  }

  /**
   * Removes the nodes at {@code paths}; a map or list left empty by a removal goes too, unless
   * {@code keep} holds it (someone owns it as a leaf, like {@code emptyDir: {}}).
   */
  void remove(ObjectNode object, FieldSet paths, FieldSet keep) {
    List<List<String>> deepestFirst = new ArrayList<>(paths.sorted());
    deepestFirst.sort((a, b) -> Integer.compare(b.size(), a.size()));
    for (List<String> path : deepestFirst) {
      for (int depth = path.size(); depth > 0; depth--) {
        List<String> target = path.subList(0, depth);
        if (depth < path.size()) {
          JsonNode node = at(object, target);
          if (node == null || !node.isEmpty() || !node.isContainerNode() || keep.contains(target)) {
            break;
          }
        }
        removeAt(object, target);
      }
    }
  }

  private JsonNode at(JsonNode root, List<String> path) {
    JsonNode node = root;
    String pattern = "";
    for (String e : path) {
      if (node == null) {
        return null;
      }
      if (node.isObject()) {
        pattern = join(pattern, e.substring(2));
        node = node.get(e.substring(2));
      } else if (node.isArray()) {
        node = byElement(node, pattern).get(e);
        pattern = pattern + "[]";
      } else {
        return null;
      }
    }
    return node;
  }

  private void removeAt(ObjectNode root, List<String> path) {
    List<String> parentPath = path.subList(0, path.size() - 1);
    JsonNode parent = at(root, parentPath);
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.remove(last.substring(2));
    } else if (parent instanceof ArrayNode a) {
      String pattern = pattern(parentPath);
      for (Iterator<JsonNode> it = a.iterator(); it.hasNext(); ) {
        if (element(pattern, it.next()).equals(last)) {
          it.remove();
        }
      }
    }
  }

  /** The schema pattern of a path: field names, {@code []} for list items. */
  private static String pattern(List<String> path) {
    String pattern = "";
    for (String e : path) {
      pattern = e.startsWith("f:") ? join(pattern, e.substring(2)) : pattern + "[]";
    }
    return pattern;
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(f -> out.put("f:" + f.getKey(), f.getValue()));
    return out;
  }

  private Map<String, JsonNode> byElement(JsonNode list, String pattern) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode item : list) {
      out.put(element(pattern, item), item);
    }
    return out;
  }

  /**
   * The path element of a list item: {@code k:} its keys for associative lists, else {@code v:}.
   */
  private String element(String pattern, JsonNode item) {
    if (schema.listType(pattern) != Schema.ListType.MAP) {
      return "v:" + item;
    }
    Map<String, JsonNode> keys = new TreeMap<>();
    for (String key : schema.keys(pattern)) {
      JsonNode value = item.get(key);
      if (value == null && Schema.keyDefault(key) != null) {
        value = Json.MAPPER.getNodeFactory().textNode(Schema.keyDefault(key));
      }
      if (value != null) {
        keys.put(key, value);
      }
    }
    ObjectNode o = Json.object();
    keys.forEach(o::set);
    return "k:" + o;
  }

  private static String join(String pattern, String field) {
    return pattern.isEmpty() ? field : pattern + "." + field;
  }
}
