package dev.ferry.sandbox.kubernetes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What structured-merge-diff needs to know about a kind's shape: which lists are associative (and
 * by which keys), which are sets, and which maps are atomic. Everything else follows SMD's
 * defaults: maps are granular (each key a field), lists are atomic (one field).
 *
 * <p>The rules are the {@code +listType}, {@code +listMapKey}, {@code +structType} and {@code
 * +mapType} markers of k8s.io/api (core/v1/types.go, apps/v1/types.go, networking/v1/types.go,
 * apimachinery meta/v1/types.go; Kubernetes 1.31), for the fields of the kinds Ferry writes.
 * Patterns are field paths with {@code []} for a list item, e.g. {@code
 * spec.template.spec.containers[].env}.
 */
final class Schema {

  enum ListType {
    ATOMIC,
    MAP,
    SET
  }

  /** Key fields that the API server defaults before it matches list items (core/v1 defaults.go). */
  private static final Map<String, String> KEY_DEFAULTS = Map.of("protocol", "TCP");

  private final Map<String, List<String>> keyedLists = new HashMap<>();
  private final Set<String> setLists = new HashSet<>();
  private final Set<String> atomicMaps = new HashSet<>();

  private Schema() {}

  /** ObjectMeta's rules (meta/v1 types.go): ownerReferences by uid, finalizers as a set. */
  static Schema object() {
    return new Schema().keyed("metadata.ownerReferences", "uid").set("metadata.finalizers");
  }

  Schema keyed(String pattern, String... keys) {
    keyedLists.put(pattern, List.of(keys));
    return this;
  }

  Schema set(String pattern) {
    setLists.add(pattern);
    return this;
  }

  /** A map or struct replaced as a whole ({@code +structType=atomic}, {@code +mapType=atomic}). */
  Schema atomic(String pattern) {
    atomicMaps.add(pattern);
    return this;
  }

  /** A PodSpec at {@code prefix} (core/v1 types.go: PodSpec, Container, Volume). */
  Schema podSpec(String prefix) {
    for (String containers : List.of("containers", "initContainers")) {
      String c = prefix + "." + containers;
      keyed(c, "name");
      keyed(c + "[].env", "name");
      keyed(c + "[].ports", "containerPort", "protocol");
      keyed(c + "[].volumeMounts", "mountPath");
      keyed(c + "[].volumeDevices", "devicePath");
    }
    keyed(prefix + ".volumes", "name");
    keyed(prefix + ".imagePullSecrets", "name");
    keyed(prefix + ".hostAliases", "ip");
    return this;
  }

  ListType listType(String pattern) {
    if (keyedLists.containsKey(pattern)) {
      return ListType.MAP;
    }
    return setLists.contains(pattern) ? ListType.SET : ListType.ATOMIC;
  }

  List<String> keys(String pattern) {
    return keyedLists.getOrDefault(pattern, List.of());
  }

  boolean atomicMap(String pattern) {
    return atomicMaps.contains(pattern);
  }

  static String keyDefault(String field) {
    return KEY_DEFAULTS.get(field);
  }
}
