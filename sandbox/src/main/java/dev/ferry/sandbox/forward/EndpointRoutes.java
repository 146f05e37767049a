package dev.ferry.sandbox.forward;

import static dev.ferry.sandbox.forward.CollectionSources.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.forward.ForwardStore.Network;
import java.util.List;

/**
 * Endpoint profiles and network endpoints (forward-api.md §3.9), type CLI only. Endpoints are
 * add-only (no upsert) and share the name space with classic devices.
 */
final class EndpointRoutes {
  private static final String PROFILES = "/api/endpoint-profiles";
  private static final String ENDPOINTS = "/api/networks/{networkId}/endpoints";
  private static final String ENDPOINT = ENDPOINTS + "/{endpointName}";
  private final ForwardStore store;
  private final CollectionSources sources;
  private long nextProfile = 1;

  EndpointRoutes(ForwardStore store, CollectionSources sources) {
    this.store = store;
    this.sources = sources;
  }

  void register(Router r) {
    r.add("GET", PROFILES, store.locked(this::listProfiles));
    r.add("POST", PROFILES, store.locked(this::createProfile));
    r.add("PATCH", PROFILES + "/CLI-{n}", store.locked(this::patchProfile));
    r.add("GET", PROFILES + "/{profileId}", store.locked(this::getProfile));
    r.add("DELETE", PROFILES + "/{profileId}", store.locked(this::deleteProfile));

    r.add("GET", ENDPOINTS, store.locked(this::listEndpoints));
    r.add("POST", ENDPOINTS, store.locked(this::postEndpoints));
    r.add("PATCH", ENDPOINTS, store.locked(this::patchEndpoints));
    r.add("GET", ENDPOINT, store.locked(req -> Response.ok(endpoint(req, store.network(req)))));
    r.add("PATCH", ENDPOINT, store.locked(this::patchEndpoint));
    r.add("DELETE", ENDPOINT, store.locked(this::deleteEndpoint));
  }

  /** The {@code type} query parameter must be present and CLI, the only type the sandbox has. */
  private static void requireCliType(Request req, String what) {
    String type = req.query("type");
    if (type == null) {
      throw ApiError.badRequest("Missing required query parameter \"type\"");
    }
    if (!type.equals("CLI")) {
      throw ApiError.badRequest("The sandbox implements only type=CLI " + what);
    }
  }

  /** The body's {@code type} must match the {@code type=CLI} query parameter. */
  private static void requireCliBody(ObjectNode body, String label) {
    if (!body.get("type").asText().equals("CLI")) {
      throw ApiError.badRequest(
          label + " type \"" + body.get("type").asText() + "\" does not match type=CLI");
    }
  }

  // ------------------------------------------------------------------ endpoint profiles (§3.9)

  private Response listProfiles(Request req) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("profiles");
    store.profiles.values().forEach(a::add);
    return Response.ok(o);
  }

  private static void checkCommandSets(ObjectNode p) {
    for (JsonNode cs : p.path("commandSets")) {
      if (!cs.asText().equals("UNIX")) {
        throw ApiError.badRequest(
            "Cannot deserialize value of type `CommandSet` from String \""
                + cs.asText()
                + "\": not one of the values accepted for Enum class: [UNIX]");
      }
    }
  }

  private Response createProfile(Request req) {
    requireCliType(req, "endpoint profiles");
    ObjectNode p = ForwardSchemas.CLI_PROFILE_DEF.create(req.json());
    requireCliBody(p, "Profile");
    checkCommandSets(p);
    String name = p.get("name").asText();
    for (ObjectNode e : store.profiles.values()) {
      if (e.get("name").asText().equalsIgnoreCase(name)) {
        throw ApiError.conflict(
            "An endpoint profile named \""
                + name
                + "\" already exists ("
                + e.get("id").asText()
                + ")");
      }
    }
    ObjectNode stored = Json.object();
    stored.put("id", "CLI-" + nextProfile++);
    stored.setAll(p);
    store.attribute(stored, req, true);
    store.profiles.put(stored.get("id").asText(), stored);
    return Response.ok(stored);
  }

  private ObjectNode profile(String id) {
    return ForwardStore.found(store.profiles.get(id), "Endpoint profile " + id);
  }

  private Response getProfile(Request req) {
    return Response.ok(profile(req.param("profileId")));
  }

  private Response patchProfile(Request req) {
    ObjectNode p = profile("CLI-" + req.param("n"));
    ObjectNode patch = ForwardSchemas.CLI_PROFILE_PATCH.patch(req.json());
    checkCommandSets(patch);
    ForwardStore.applyPatch(p, patch);
    store.attribute(p, req, false);
    return Response.ok(p);
  }

  private Response deleteProfile(Request req) {
    profile(req.param("profileId"));
    store.profiles.remove(req.param("profileId"));
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ endpoints (§3.9)

  private ObjectNode validateEndpoint(Network n, JsonNode raw) {
    ObjectNode e = ForwardSchemas.NEW_CLI_ENDPOINT.create(raw);
    requireCliBody(e, "Endpoint");
    CollectionSources.checkName(e.get("name").asText());
    checkEndpointRefs(n, e);
    return e;
  }

  private void checkEndpointRefs(Network n, ObjectNode e) {
    CollectionSources.checkRefs(n, e, "credentialId");
    String profileId = e.path("profileId").asText(null);
    if (profileId != null && !store.profiles.containsKey(profileId)) {
      throw ApiError.badRequest("Endpoint profile " + profileId + " not found");
    }
  }

  private ObjectNode addEndpoint(Network n, ObjectNode e, Request req) {
    if (CollectionSources.taken(n, key(e))) {
      throw CollectionSources.nameTaken(e.get("name").asText());
    }
    ObjectNode stored = Json.object();
    stored.setAll(e);
    if (!stored.has("collect")) {
      stored.put("collect", true);
    }
    store.attribute(stored, req, true);
    n.endpoints.put(key(e), stored);
    return stored;
  }

  private Response listEndpoints(Request req) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("endpoints");
    store.network(req).endpoints.values().forEach(a::add);
    return Response.ok(o);
  }

  /** {@code POST}: one endpoint, or the batch {@code action} given as a query parameter. */
  private Response postEndpoints(Request req) {
    Network n = store.network(req);
    String action = req.query("action");
    if (action == null) {
      requireCliType(req, "network endpoints");
      return Response.ok(addEndpoint(n, validateEndpoint(n, req.json()), req));
    }
    switch (action) {
      case "addBatch" -> {
        requireCliType(req, "network endpoints");
        List<ObjectNode> valid =
            CollectionSources.validateBatch(
                req.json(),
                "NewCliNetworkEndpoint",
                raw -> validateEndpoint(n, raw),
                key -> CollectionSources.taken(n, key));
        valid.forEach(e -> addEndpoint(n, e, req));
      }
      case "deleteBatch" -> {
        // deleteNetworkEndpoints: body DeviceNames ("names" optional), answer 204 with no error
        // responses, so unknown names (or none) delete nothing and still answer 204
        for (String name : ForwardStore.names(req.json(), ForwardSchemas.DEVICE_NAMES)) {
          n.endpoints.remove(key(name));
        }
      }
      default -> throw ApiError.badRequest("Unsupported action \"" + action + "\"");
    }
    return Response.empty(204);
  }

  private Response patchEndpoints(Request req) {
    Network n = store.network(req);
    ObjectNode body = ForwardSchemas.ENDPOINTS_PATCH_REQUEST.create(req.json());
    ObjectNode update = ForwardSchemas.ENDPOINTS_PATCH.patch(body.get("update"));
    if (update.hasNonNull("type") && !update.get("type").asText().equals("CLI")) {
      throw ApiError.badRequest("The sandbox implements only CLI network endpoints");
    }
    List<ObjectNode> targets =
        CollectionSources.targets(n.endpoints, body.get("names"), "Network endpoint");
    checkEndpointRefs(n, update.deepCopy());
    sources.patchEach(targets, update, req);
    // every stored endpoint is CLI, also when the update cleared the type
    targets.forEach(e -> e.put("type", "CLI"));
    return Response.empty(204);
  }

  private static ObjectNode endpoint(Request req, Network n) {
    String name = req.param("endpointName");
    return ForwardStore.found(n.endpoints.get(key(name)), "Network endpoint " + name);
  }

  private Response patchEndpoint(Request req) {
    Network n = store.network(req);
    requireCliType(req, "network endpoints");
    ObjectNode e = endpoint(req, n);
    ObjectNode p = ForwardSchemas.CLI_ENDPOINT_PATCH.patch(req.json());
    checkEndpointRefs(n, p.deepCopy());
    return Response.ok(sources.patch(n, n.endpoints, e, p, req));
  }

  private Response deleteEndpoint(Request req) {
    Network n = store.network(req);
    n.endpoints.remove(key(endpoint(req, n)));
    return Response.empty(204);
  }
}
