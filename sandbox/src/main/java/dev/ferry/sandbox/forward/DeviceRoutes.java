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
 * Classic devices (forward-api.md §3.8): single and batch create, idempotent upsert (PUT and {@code
 * putBatch}), batch update, lookups and deletes.
 */
final class DeviceRoutes {
  private static final String DEVICES = "/api/networks/{networkId}/classic-devices";
  private static final String DEVICE = DEVICES + "/{deviceName}";
  private final ForwardStore store;
  private final CollectionSources sources;

  DeviceRoutes(ForwardStore store, CollectionSources sources) {
    this.store = store;
    this.sources = sources;
  }

  void register(Router r) {
    r.add("GET", DEVICES, store.locked(this::listDevices));
    r.add("POST", DEVICES, store.locked(this::postDevices));
    r.add("PATCH", DEVICES, store.locked(this::patchDevices));
    r.add("GET", DEVICE, store.locked(req -> Response.ok(device(req, store.network(req)))));
    r.add("PUT", DEVICE, store.locked(this::putDevice));
    r.add("PATCH", DEVICE, store.locked(this::patchDevice));
    r.add("DELETE", DEVICE, store.locked(this::deleteDevice));
  }

  private static ObjectNode validateDevice(Network n, JsonNode raw) {
    ObjectNode d = ForwardSchemas.NEW_CLASSIC_DEVICE.create(raw);
    CollectionSources.checkName(d.get("name").asText());
    if (d.hasNonNull("prompt") && !d.hasNonNull("promptResponse")) {
      throw ApiError.badRequest("\"promptResponse\" is required when \"prompt\" is set");
    }
    CollectionSources.checkRefs(n, d, "cliCredentialId");
    return d;
  }

  /** Stores a device; an upsert keeps the creation attribution and the {@code collect} flag. */
  private ObjectNode storeDevice(Network n, ObjectNode d, Request req, boolean upsert) {
    String key = key(d);
    if (n.endpoints.containsKey(key)) {
      throw CollectionSources.nameTaken(d.get("name").asText());
    }
    ObjectNode existing = n.devices.get(key);
    if (existing != null && !upsert) {
      throw CollectionSources.nameTaken(d.get("name").asText());
    }
    ObjectNode stored = Json.object();
    stored.setAll(d);
    if (!stored.has("collect")) {
      stored.put("collect", existing == null || existing.path("collect").asBoolean(true));
    }
    if (existing != null) {
      for (String f : List.of("createdById", "createdAt", "createdBy")) {
        if (existing.has(f)) {
          stored.set(f, existing.get(f));
        }
      }
    }
    store.attribute(stored, req, existing == null);
    n.devices.put(key, stored);
    return stored;
  }

  /** Validates a whole batch (incl. duplicate names inside it) before changing anything. */
  private static List<ObjectNode> validateDeviceBatch(Network n, JsonNode body, boolean upsert) {
    return CollectionSources.validateBatch(
        body,
        "NewClassicDevice",
        raw -> validateDevice(n, raw),
        key -> n.endpoints.containsKey(key) || (!upsert && n.devices.containsKey(key)));
  }

  private static ObjectNode devicesJson(Iterable<ObjectNode> devices) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("devices");
    devices.forEach(a::add);
    return o;
  }

  private Response listDevices(Request req) {
    return Response.ok(devicesJson(store.network(req).devices.values()));
  }

  /** {@code POST}: one device, or the batch {@code action} given as a query parameter. */
  private Response postDevices(Request req) {
    Network n = store.network(req);
    String action = req.query("action");
    if (action == null) {
      ObjectNode d = validateDevice(n, req.json());
      return Response.json(201, storeDevice(n, d, req, false));
    }
    switch (action) {
      case "putBatch", "addBatch" -> {
        boolean upsert = action.equals("putBatch");
        for (ObjectNode d : validateDeviceBatch(n, req.json(), upsert)) {
          storeDevice(n, d, req, upsert);
        }
      }
      case "getBatch" -> {
        return Response.ok(
            devicesJson(
                ForwardStore.names(req.json(), ForwardSchemas.DEVICE_NAMES).stream()
                    .map(name -> n.devices.get(key(name)))
                    .filter(d -> d != null)
                    .toList()));
      }
      case "deleteBatch" -> {
        // deleteClassicDevices: body DeviceCriteria ("names" required), answer 204 with no error
        // responses, so names the network does not have are skipped, not refused
        for (String name : ForwardStore.names(req.json(), ForwardSchemas.DEVICE_CRITERIA)) {
          n.devices.remove(key(name));
        }
      }
      case "deleteAll" -> n.devices.clear();
      default -> throw ApiError.badRequest("Unsupported action \"" + action + "\"");
    }
    return Response.empty(204);
  }

  private Response patchDevices(Request req) {
    Network n = store.network(req);
    ObjectNode body = ForwardSchemas.CLASSIC_DEVICES_PATCH.create(req.json());
    ObjectNode update =
        ForwardSchemas.CLASSIC_DEVICE_PATCH.patch(
            body.path("update").isMissingNode() ? Json.object() : body.get("update"));
    if (update.has("name")) {
      throw ApiError.badRequest("\"name\" cannot be changed in a batch update");
    }
    List<ObjectNode> targets =
        CollectionSources.targets(n.devices, body.path("names"), "Classic device");
    CollectionSources.checkRefs(n, update.deepCopy(), "cliCredentialId");
    sources.patchEach(targets, update, req);
    return Response.empty(204);
  }

  private static ObjectNode device(Request req, Network n) {
    String name = req.param("deviceName");
    return ForwardStore.found(n.devices.get(key(name)), "Classic device " + name);
  }

  private Response putDevice(Request req) {
    Network n = store.network(req);
    ObjectNode d = validateDevice(n, req.json());
    if (!d.get("name").asText().equalsIgnoreCase(req.param("deviceName"))) {
      throw ApiError.badRequest(
          "Device name in body (\""
              + d.get("name").asText()
              + "\") does not match the path (\""
              + req.param("deviceName")
              + "\")");
    }
    return Response.ok(storeDevice(n, d, req, true));
  }

  private Response patchDevice(Request req) {
    Network n = store.network(req);
    ObjectNode d = device(req, n);
    ObjectNode p = ForwardSchemas.CLASSIC_DEVICE_PATCH.patch(req.json());
    CollectionSources.checkRefs(n, p, "cliCredentialId");
    return Response.ok(sources.patch(n, n.devices, d, p, req));
  }

  private Response deleteDevice(Request req) {
    Network n = store.network(req);
    n.devices.remove(key(device(req, n)));
    return Response.empty(204);
  }
}
