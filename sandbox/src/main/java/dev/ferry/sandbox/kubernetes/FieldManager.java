package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field ownership of one object, as the API server keeps it in {@code metadata.managedFields}, and
 * the two ways it changes: apply (structured-merge-diff merge/update.go {@code Updater.Apply}) and
 * update (its {@code Updater.Update}, for create and non-apply writes). Managers are told apart by
 * name and operation (managedfields/internal/buildmanagerinfo.go), so {@code ferry} applying and
 * {@code ferry} updating own fields separately.
 */
final class FieldManager {

  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  record Manager(String name, String operation) {}

  /** One {@code managedFields} entry. */
  record Entry(FieldSet fields, String apiVersion, Instant time) {}

  /** The merged object and the managers after a write. */
  record Result(ObjectNode object, Map<Manager, Entry> managers) {}

  /** Fields another manager owns that an apply would change, by manager. */
  static final class Conflicts extends RuntimeException {
    final Map<String, List<List<String>>> byManager;

    Conflicts(Map<String, List<List<String>>> byManager) {
      super("apply conflicts", null, false, false);
      this.byManager = byManager;
    }
  }

  /**
   * Fields the API server never records as owned (managedfields/internal/stripmeta.go): type meta
   * and server-set metadata.
   */
  private static final FieldSet STRIPPED = new FieldSet();

  static {
    STRIPPED.add(FieldSet.path("f:apiVersion"));
    STRIPPED.add(FieldSet.path("f:kind"));
    STRIPPED.add(FieldSet.path("f:metadata"));
    for (String f :
        List.of(
            "name",
            "namespace",
            "creationTimestamp",
            "selfLink",
            "uid",
            "generation",
            "managedFields",
            "resourceVersion")) {
      STRIPPED.add(FieldSet.path("f:metadata", "f:" + f));
    }
  }

  private final StructuredMerge structure;
  private final String apiVersion;

  FieldManager(StructuredMerge structure, String apiVersion) {
    this.structure = structure;
    this.apiVersion = apiVersion;
  }

  /**
   * Applies {@code config} for {@code manager}: merges it into {@code live}, removes what the
   * manager applied last time and no longer does (unless someone else owns it), and refuses to
   * change another manager's fields unless {@code force}, which takes them over.
   */
  Result apply(
      ObjectNode live, ObjectNode config, Map<Manager, Entry> managers, String name, boolean force)
      throws Conflicts {
    Manager me = new Manager(name, APPLY);
    Map<Manager, Entry> next = new LinkedHashMap<>(managers);
    ObjectNode merged = (ObjectNode) structure.merge(live, config);
    FieldSet applied = structure.fieldSet(config).minus(STRIPPED);
    Entry last = managers.get(me);
    next.put(me, new Entry(applied, apiVersion, changedAt(last, applied)));
    if (last != null) {
      FieldSet ownedByAnyone = owned(next);
      FieldSet others = owned(without(next, me));
      structure.remove(merged, last.fields().minus(applied).minus(others), ownedByAnyone);
    }
    StructuredMerge.Comparison changes = structure.compare(live, merged);
    Map<String, List<List<String>>> conflicts = new LinkedHashMap<>();
    for (Map.Entry<Manager, Entry> other : without(next, me).entrySet()) {
      FieldSet taken = other.getValue().fields().intersect(changes.changed());
      if (!taken.isEmpty()) {
        conflicts
            .computeIfAbsent(other.getKey().name(), k -> new ArrayList<>())
            .addAll(taken.sorted());
      }
    }
    if (!force && !conflicts.isEmpty()) {
      throw new Conflicts(conflicts);
    }
    giveUp(next, me, changes.changed().union(changes.removed()));
    return new Result(merged, next);
  }

  /**
   * Records a non-apply write of {@code next} over {@code live} for {@code manager}: it owns what
   * it changed, and others lose what it changed or removed (a plain write always "forces").
   */
  Result update(ObjectNode live, ObjectNode next, Map<Manager, Entry> managers, String name) {
    Manager me = new Manager(name, UPDATE);
    Map<Manager, Entry> out = new LinkedHashMap<>(managers);
    StructuredMerge.Comparison changes = structure.compare(live, next);
    giveUp(out, me, changes.changed().union(changes.removed()));
    Entry last = managers.get(me);
    FieldSet mine =
        (last == null ? new FieldSet() : last.fields())
            .union(changes.changed())
            .minus(changes.removed())
            .minus(STRIPPED);
    out.remove(me);
    if (!mine.isEmpty()) {
      out.put(me, new Entry(mine, apiVersion, changedAt(last, mine)));
    }
    return new Result(next, out);
  }

  /** Every manager but {@code me} gives up {@code fields}; one left with nothing is dropped. */
  private static void giveUp(Map<Manager, Entry> managers, Manager me, FieldSet fields) {
    for (Manager m : List.copyOf(managers.keySet())) {
      if (m.equals(me)) {
        continue;
      }
      Entry e = managers.get(m);
      FieldSet left = e.fields().minus(fields);
      if (left.isEmpty()) {
        managers.remove(m);
      } else if (!left.equals(e.fields())) {
        managers.put(m, new Entry(left, e.apiVersion(), e.time()));
      }
    }
  }

  private static Instant changedAt(Entry last, FieldSet fields) {
    return last != null && last.fields().equals(fields)
        ? last.time()
        : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static FieldSet owned(Map<Manager, Entry> managers) {
    FieldSet out = new FieldSet();
    managers.values().forEach(e -> out.addAll(e.fields()));
    return out;
  }

  private static Map<Manager, Entry> without(Map<Manager, Entry> managers, Manager me) {
    Map<Manager, Entry> out = new LinkedHashMap<>(managers);
    out.remove(me);
    return out;
  }

  /** {@code metadata.managedFields} as the API server returns it. */
  static ArrayNode render(Map<Manager, Entry> managers) {
    ArrayNode out = Json.array();
    managers.forEach(
        (m, e) ->
            out.addObject()
                .put("manager", m.name())
                .put("operation", m.operation())
                .put("apiVersion", e.apiVersion())
                .put("time", e.time().toString())
                .put("fieldsType", "FieldsV1")
                .set("fieldsV1", e.fields().toFieldsV1()));
    return out;
  }

  /** Whether two sets of managers own the same fields (their times aside). */
  static boolean sameOwnership(Map<Manager, Entry> a, Map<Manager, Entry> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream()
        .allMatch(e -> e.getValue().fields().equals(b.get(e.getKey()).fields()));
  }
}
