package dev.ferry.sandbox.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.forward.ForwardStore.Network;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What classic devices (forward-api.md §3.8) and network endpoints (§3.9) share: one
 * case-insensitive name space per network, the name rule, and references to credentials and jump
 * servers.
 */
final class CollectionSources {
  private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private final ForwardStore store;

  CollectionSources(ForwardStore store) {
    this.store = store;
  }

  /** The table key of a source name (names are case-insensitive). */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static String key(ObjectNode source) {
    return key(source.get("name").asText());
  }

  static void checkName(String name) {
    if (!SOURCE_NAME.matcher(name).matches()) {
      throw ApiError.badRequest(
          "Invalid name \""
              + name
              + "\": may consist of letters, digits, dots, hyphens, and underscores");
    }
  }

  static ApiError nameTaken(String name) {
    return ApiError.conflict(
        "A collection source named \"" + name + "\" already exists in this network");
  }

  /** Whether a device or an endpoint of the network holds {@code key}. */
  static boolean taken(Network n, String key) {
    return n.devices.containsKey(key) || n.endpoints.containsKey(key);
  }

  /**
   * References a device/endpoint may carry must exist (forward-api.md §4 "jump server … not found",
   * §12.9).
   */
  static void checkRefs(Network n, ObjectNode src, String cliField) {
    String js = src.path("jumpServerId").asText(null);
    if (js != null && !n.jumpServers.containsKey(js)) {
      throw ApiError.badRequest("jump server " + js + " not found");
    }
    for (String f : List.of(cliField, "cliCredential2Id", "cliCredential3Id")) {
      String id = src.path(f).asText(null);
      if (id != null && !n.cliCredentials.containsKey(id)) {
        throw ApiError.badRequest("CLI credential " + id + " not found");
      }
    }
    String snmp = src.path("snmpCredentialId").asText(null);
    if (snmp != null && !n.snmpCredentials.containsKey(snmp)) {
      throw ApiError.badRequest("SNMP credential " + snmp + " not found");
    }
  }

  /**
   * Validates a whole batch before anything changes: each element by {@code validate}, no name
   * twice in the request, and no name for which {@code taken} holds.
   */
  static List<ObjectNode> validateBatch(
      JsonNode body,
      String elementClass,
      Function<JsonNode, ObjectNode> validate,
      Predicate<String> taken) {
    List<ObjectNode> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode raw : ForwardStore.requireArray(body, elementClass)) {
      ObjectNode source = validate.apply(raw);
      String name = source.get("name").asText();
      if (!seen.add(key(name))) {
        throw ApiError.badRequest("Duplicate name \"" + name + "\" in request");
      }
      if (taken.test(key(name))) {
        throw nameTaken(name);
      }
      out.add(source);
    }
    return out;
  }

  /**
   * The sources a batch update names, each one required to exist ({@code label} names the kind).
   */
  static List<ObjectNode> targets(Map<String, ObjectNode> table, JsonNode names, String label) {
    List<ObjectNode> targets = new ArrayList<>();
    for (JsonNode name : names) {
      targets.add(ForwardStore.found(table.get(key(name.asText())), label + " " + name.asText()));
    }
    return targets;
  }

  /** Applies a batch update (which never renames) to every target. */
  void patchEach(List<ObjectNode> targets, ObjectNode update, Request req) {
    for (ObjectNode source : targets) {
      ForwardStore.applyPatch(source, update);
      store.attribute(source, req, false);
    }
  }

  /**
   * Applies a PATCH to a device or endpoint. Both share one case-insensitive namespace per network,
   * so a rename must not take a name held by either kind.
   */
  ObjectNode patch(
      Network n, Map<String, ObjectNode> table, ObjectNode source, ObjectNode patch, Request req) {
    String oldKey = key(source);
    if (patch.hasNonNull("name")) {
      String newName = patch.get("name").asText();
      checkName(newName);
      if (!key(newName).equals(oldKey) && taken(n, key(newName))) {
        throw nameTaken(newName);
      }
    }
    ForwardStore.applyPatch(source, patch);
    store.attribute(source, req, false);
    table.remove(oldKey);
    table.put(key(source), source);
    return source;
  }
}
