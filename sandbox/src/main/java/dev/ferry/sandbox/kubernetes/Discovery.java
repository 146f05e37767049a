package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The API server's discovery documents (apiserver/pkg/endpoints/discovery: version.go, legacy.go,
 * root.go, group.go; apimachinery meta/v1 APIVersions, APIGroupList, APIGroup, APIResourceList),
 * listing only the resources the stand-in serves, so a client finds them the way it finds them on a
 * real cluster.
 */
final class Discovery {

  /** The Kubernetes version the stand-in follows. */
  static final String GIT_VERSION = "v1.31.0";

  private Discovery() {}

  /** {@code GET /version} (k8s.io/apimachinery/pkg/version.Info). */
  static ObjectNode version() {
    return Json.object()
        .put("major", "1")
        .put("minor", "31")
        .put("gitVersion", GIT_VERSION)
        .put("gitCommit", "ferry-sandbox")
        .put("gitTreeState", "clean")
        .put("buildDate", "2024-08-13T07:28:49Z")
        .put("goVersion", "go1.22.5")
        .put("compiler", "gc")
        .put("platform", "linux/amd64");
  }

  /** {@code GET /api}: the legacy core group's versions. */
  static ObjectNode coreVersions(String serverAddress) {
    ObjectNode o = Json.object().put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    o.putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return o;
  }

  /** {@code GET /apis}: every named group with its versions. */
  static ObjectNode groups() {
    ObjectNode o = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (String name : groupNames()) {
      groups.add(groupBody(name));
    }
    return o;
  }

  /** {@code GET /apis/{group}}; null for a group the stand-in does not serve. */
  static ObjectNode group(String name) {
    if (!groupNames().contains(name)) {
      return null;
    }
    return groupBody(name).put("kind", "APIGroup").put("apiVersion", "v1");
  }

  /** {@code GET /api/v1} or {@code /apis/{group}/{version}}; null when nothing is served there. */
  static ObjectNode resources(String group, String version) {
    ObjectNode o = Json.object().put("kind", "APIResourceList");
    if (!group.isEmpty()) {
      o.put("apiVersion", "v1");
    }
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode list = o.putArray("resources");
    for (ApiResource r : ApiResource.ALL) {
      if (!r.group().equals(group) || !r.version().equals(version)) {
        continue;
      }
      ObjectNode entry =
          list.addObject()
              .put("name", r.plural())
              .put("singularName", r.singular())
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      ArrayNode verbs = entry.putArray("verbs");
      ApiResource.VERBS.forEach(verbs::add);
      if (!r.shortNames().isEmpty()) {
        ArrayNode shortNames = entry.putArray("shortNames");
        r.shortNames().forEach(shortNames::add);
      }
    }
    return list.isEmpty() ? null : o;
  }

  private static Set<String> groupNames() {
    Set<String> names = new LinkedHashSet<>();
    ApiResource.ALL.stream().map(ApiResource::group).filter(g -> !g.isEmpty()).forEach(names::add);
    return names;
  }

  private static ObjectNode groupBody(String name) {
    ObjectNode group = Json.object().put("name", name);
    ArrayNode versions = group.putArray("versions");
    ApiResource.ALL.stream()
        .filter(r -> r.group().equals(name))
        .map(ApiResource::version)
        .distinct()
        .forEach(v -> versions.addObject().put("groupVersion", name + "/" + v).put("version", v));
    group.set("preferredVersion", versions.get(0).deepCopy());
    return group;
  }
}
