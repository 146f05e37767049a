package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The cluster's objects, one store for every kind, keyed by canonical path, with their field
 * managers and one resourceVersion counter (as etcd's revision). Writes follow the API server's
 * order for a request (apiserver/pkg/endpoints/handlers: create.go, patch.go, delete.go): admission
 * (the namespace must exist), field management, defaults and allocation, validation, then storage;
 * an unchanged object keeps its resourceVersion.
 */
final class ObjectStore {

  /** The status code and body of a write. */
  record Written(int code, ObjectNode body) {}

  private record Stored(
      ApiResource resource,
      ObjectNode object,
      Map<FieldManager.Manager, FieldManager.Entry> managers) {}

  private final Map<String, Stored> objects = new LinkedHashMap<>();
  private final ServerDefaults defaults = new ServerDefaults();
  private long resourceVersion = 1;

  ServerDefaults defaults() {
    return defaults;
  }

  /** Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}). */
  synchronized Written apply(
      ApiResource r,
      String namespace,
      String name,
      ObjectNode config,
      String manager,
      boolean force,
      boolean dryRun) {
    requireNamespace(r, namespace);
    String key = r.path(namespace, name);
    Stored live = objects.get(key);
    requireVersion(r, name, config, live);
    ObjectNode liveObject = live == null ? skeleton(r, namespace, name) : live.object();
    FieldManager.Result result;
    try {
      result =
          fields(r)
              .apply(
                  liveObject,
                  writable(r, config, namespace),
                  live == null ? Map.of() : live.managers(),
                  manager,
                  force);
    } catch (FieldManager.Conflicts c) {
      throw StatusError.applyConflict(c.byManager);
    }
    return store(r, key, live, result, dryRun);
  }

  /** {@code POST} of a new object; its creator owns every field it sent, defaults included. */
  synchronized Written create(
      ApiResource r, String namespace, ObjectNode body, String manager, boolean dryRun) {
    String name = body.at("/metadata/name").asText();
    if (name.isEmpty()) {
      throw StatusError.invalid(
          r,
          "",
          List.of(
              new StatusError.Cause(
                  "metadata.name",
                  "FieldValueRequired",
                  "Required value: name or generateName is required")));
    }
    requireNamespace(r, namespace);
    String key = r.path(namespace, name);
    if (objects.containsKey(key)) {
      throw StatusError.alreadyExists(r, name);
    }
    ObjectNode object = writable(r, body, namespace);
    defaults.fill(r, object);
    FieldManager.Result result =
        fields(r).update(skeleton(r, namespace, name), object, Map.of(), manager);
    return store(r, key, null, result, dryRun);
  }

  synchronized ObjectNode get(ApiResource r, String namespace, String name) {
    Stored s = objects.get(r.path(namespace, name));
    if (s == null) {
      throw StatusError.notFound(r, name);
    }
    return render(s);
  }

  /** A {@code <Kind>List} of one namespace (or all, for null) that matches {@code selector}. */
  synchronized ObjectNode list(ApiResource r, String namespace, Predicate<JsonNode> selector) {
    ObjectNode list =
        Json.object().put("kind", r.kind() + "List").put("apiVersion", r.apiVersion());
    list.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion));
    ArrayNode items = list.putArray("items");
    for (Stored s : objects.values()) {
      boolean here =
          namespace == null || namespace.equals(s.object().at("/metadata/namespace").asText());
      if (s.resource().equals(r) && here && selector.test(s.object().at("/metadata/labels"))) {
        ObjectNode item = render(s);
        item.remove("apiVersion");
        item.remove("kind");
        items.add(item);
      }
    }
    return list;
  }

  /**
   * Deletes an object: a {@code Status} with its details, or for a namespace the namespace itself
   * in phase Terminating, its objects gone with it (the namespace controller, at once).
   */
  synchronized ObjectNode delete(ApiResource r, String namespace, String name) {
    String key = r.path(namespace, name);
    Stored s = objects.remove(key);
    if (s == null) {
      throw StatusError.notFound(r, name);
    }
    resourceVersion++;
    if (r.equals(ApiResource.namespaces())) {
      objects.values().removeIf(o -> name.equals(o.object().at("/metadata/namespace").asText()));
      ObjectNode gone = render(s);
      gone.with("metadata").put("deletionTimestamp", now());
      gone.with("status").put("phase", "Terminating");
      return gone;
    }
    ObjectNode details = StatusError.details(r, name);
    details.put("uid", s.object().at("/metadata/uid").asText());
    return StatusError.status(200, "Success", null, null, details);
  }

  synchronized ObjectNode object(String path) {
    Stored s = objects.get(path);
    return s == null ? null : render(s);
  }

  synchronized List<String> paths() {
    return List.copyOf(objects.keySet());
  }

  synchronized void clear() {
    objects.clear();
  }

  private Written store(
      ApiResource r, String key, Stored live, FieldManager.Result result, boolean dryRun) {
    ObjectNode object = result.object();
    if (r.kind().equals("Secret")) {
      foldStringData(object);
    }
    defaults.fill(r, object);
    List<StatusError.Cause> causes = new ArrayList<>();
    if (r.kind().equals("Service")) {
      causes.addAll(defaults.allocate(object, nodePortsTakenBesides(key)));
    }
    causes.addAll(Validation.check(r, object));
    String name = object.at("/metadata/name").asText();
    if (!causes.isEmpty()) {
      throw StatusError.invalid(r, name, causes);
    }
    ObjectNode metadata = object.with("metadata");
    if (live == null) {
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", now());
    }
    if (r.generation()) {
      long generation = live == null ? 0 : live.object().at("/metadata/generation").asLong();
      boolean specChanged = live == null || !live.object().path("spec").equals(object.path("spec"));
      metadata.put("generation", specChanged ? generation + 1 : generation);
    }
    defaults.observe(r, object);
    if (live != null
        && unversioned(live.object()).equals(unversioned(object))
        && FieldManager.sameOwnership(live.managers(), result.managers())) {
      return new Written(200, render(live));
    }
    metadata.put("resourceVersion", String.valueOf(++resourceVersion));
    Stored next = new Stored(r, object, result.managers());
    if (!dryRun) {
      objects.put(key, next);
    }
    return new Written(live == null ? 201 : 200, render(next));
  }

  /**
   * The Secret conversion merges write-only {@code stringData} into {@code data} (core/v1
   * conversion.go).
   */
  private static void foldStringData(ObjectNode secret) {
    JsonNode stringData = secret.remove("stringData");
    if (stringData == null) {
      return;
    }
    ObjectNode data = secret.with("data");
    stringData
        .fields()
        .forEachRemaining(
            e ->
                data.put(
                    e.getKey(),
                    Base64.getEncoder()
                        .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * What a client may write: no nulls (decoding into Go types drops them), no server-set metadata,
   * no status where status is a subresource (strategies reset it), and the namespace of the URL.
   */
  private static ObjectNode writable(ApiResource r, ObjectNode body, String namespace) {
    ObjectNode out = (ObjectNode) withoutNulls(body);
    ObjectNode metadata = out.with("metadata");
    for (String f :
        List.of("uid", "resourceVersion", "creationTimestamp", "generation", "selfLink")) {
      metadata.remove(f);
    }
    if (r.namespaced()) {
      metadata.put("namespace", namespace);
    }
    if (r.statusSubresource()) {
      out.remove("status");
    }
    return out;
  }

  private static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = Json.object();
      node.fields()
          .forEachRemaining(
              f -> {
                if (!f.getValue().isNull()) {
                  out.set(f.getKey(), withoutNulls(f.getValue()));
                }
              });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = Json.array();
      node.forEach(item -> out.add(withoutNulls(item)));
      return out;
    }
    return node;
  }

  private void requireNamespace(ApiResource r, String namespace) {
    if (r.namespaced() && !objects.containsKey(ApiResource.namespaces().path(null, namespace))) {
      throw StatusError.namespaceNotFound(namespace);
    }
  }

  /** An apply that names a resourceVersion is a precondition on it. */
  private static void requireVersion(ApiResource r, String name, ObjectNode config, Stored live) {
    JsonNode wanted = config.at("/metadata/resourceVersion");
    if (wanted.isMissingNode() || wanted.isNull()) {
      return;
    }
    if (live == null) {
      throw StatusError.notFound(r, name);
    }
    if (!wanted.asText().equals(live.object().at("/metadata/resourceVersion").asText())) {
      throw StatusError.modified(r, name);
    }
  }

  private Set<Integer> nodePortsTakenBesides(String key) {
    Set<Integer> taken = new HashSet<>();
    objects.forEach(
        (k, s) -> {
          if (!k.equals(key) && s.resource().kind().equals("Service")) {
            s.object().at("/spec/ports").forEach(p -> taken.add(p.path("nodePort").asInt(0)));
          }
        });
    taken.remove(0);
    return taken;
  }

  private static FieldManager fields(ApiResource r) {
    return new FieldManager(new StructuredMerge(r.schema()), r.apiVersion());
  }

  private static ObjectNode skeleton(ApiResource r, String namespace, String name) {
    ObjectNode o = Json.object().put("apiVersion", r.apiVersion()).put("kind", r.kind());
    ObjectNode metadata = o.putObject("metadata").put("name", name);
    if (r.namespaced()) {
      metadata.put("namespace", namespace);
    }
    return o;
  }

  private static ObjectNode unversioned(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    copy.with("metadata").remove("resourceVersion");
    return copy;
  }

  /** The object as the API server returns it, with {@code metadata.managedFields}. */
  private static ObjectNode render(Stored s) {
    ObjectNode out = s.object().deepCopy();
    if (!s.managers().isEmpty()) {
      out.with("metadata").set("managedFields", FieldManager.render(s.managers()));
    }
    return out;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
