package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of field paths, as structured-merge-diff's {@code fieldpath.Set}. A path is a list of
 * elements written as in {@code FieldsV1} (fieldpath/serialize-pe.go): {@code f:name} a field,
 * {@code k:{"name":"x"}} an associative list item by its keys, {@code v:"x"} a set item.
 */
final class FieldSet {

  static final Comparator<List<String>> ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private final Set<List<String>> paths = new HashSet<>();

  FieldSet() {}

  FieldSet(FieldSet other) {
    paths.addAll(other.paths);
  }

  static List<String> path(String... elements) {
    return List.of(elements);
  }

  static List<String> child(List<String> parent, String element) {
    List<String> p = new ArrayList<>(parent.size() + 1);
    p.addAll(parent);
    p.add(element);
    return List.copyOf(p);
  }

  void add(List<String> path) {
    paths.add(path);
  }

  void addAll(FieldSet other) {
    paths.addAll(other.paths);
  }

  boolean contains(List<String> path) {
    return paths.contains(path);
  }

  boolean isEmpty() {
    return paths.isEmpty();
  }

  FieldSet union(FieldSet other) {
    FieldSet out = new FieldSet(this);
    out.paths.addAll(other.paths);
    return out;
  }

  FieldSet minus(FieldSet other) {
    FieldSet out = new FieldSet(this);
    out.paths.removeAll(other.paths);
    return out;
  }

  FieldSet intersect(FieldSet other) {
    FieldSet out = new FieldSet(this);
    out.paths.retainAll(other.paths);
    return out;
  }

  List<List<String>> sorted() {
    return paths.stream().sorted(ORDER).toList();
  }

  /**
   * The {@code fieldsV1} trie (fieldpath/serialize.go): one object per element, {@code ".": {}}
   * where a path is both a member and the prefix of others, {@code {}} for a leaf.
   */
  ObjectNode toFieldsV1() {
    Node root = new Node();
    for (List<String> path : paths) {
      Node n = root;
      for (String element : path) {
        n = n.children.computeIfAbsent(element, e -> new Node());
      }
      n.member = true;
    }
    return root.json();
  }

  /**
   * A path as the API server prints it in conflicts (fieldpath/path.go): {@code .data.TOKEN},
   * {@code .spec.containers[name="c"].image}, {@code .metadata.finalizers[="x"]}.
   */
  static String print(List<String> path) {
    StringBuilder out = new StringBuilder();
    for (String element : path) {
      String body = element.substring(2);
      switch (element.charAt(0)) {
        case 'f' -> out.append('.').append(body);
        case 'v' -> out.append("[=").append(body).append(']');
        case 'k' -> {
          List<String> pairs = new ArrayList<>();
          Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .fields()
              .forEachRemaining(kv -> pairs.add(kv.getKey() + "=" + kv.getValue()));
          out.append('[').append(String.join(",", pairs)).append(']');
        }
        default -> out.append('[').append(body).append(']');
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && other.paths.equals(paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return sorted().stream().map(FieldSet::print).toList().toString();
  }

  private static final class Node {
    final Map<String, Node> children = new TreeMap<>();
    boolean member;

    ObjectNode json() {
      ObjectNode o = Json.object();
      if (member && !children.isEmpty()) {
        o.putObject(".");
      }
      children.forEach((k, v) -> o.set(k, v.json()));
      return o;
    }
  }
}
