package dev.ferry.sandbox.forward;

import static dev.ferry.sandbox.forward.ForwardStore.found;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.forward.ForwardStore.Collector;
import dev.ferry.sandbox.forward.ForwardStore.Network;

/**
 * Collectors (unpublished, forward-api.md §3.2) and a network's collector binding (§3.4). Collector
 * keys are shown once, at creation.
 */
final class CollectorRoutes {
  private final ForwardStore store;
  private long nextCollector = 1;

  CollectorRoutes(ForwardStore store) {
    this.store = store;
  }

  void register(Router r) {
    r.add("GET", "/api/collectors", store.locked(this::listCollectors));
    r.add("POST", "/api/collectors", store.locked(this::createCollector));
    r.add("GET", "/api/collectors/{idOrName}", store.locked(this::getCollector));
    r.add("DELETE", "/api/collectors/{idOrName}", store.locked(this::deleteCollector));

    r.add("GET", "/api/networks/{networkId}/collector", store.locked(this::getBinding));
    r.add("PUT", "/api/networks/{networkId}/collector", store.locked(this::putBinding));
    r.add("DELETE", "/api/networks/{networkId}/collector", store.locked(this::deleteBinding));
    // GET /api/networks/{id}/collector/status is deliberately absent: retired, 404 (forward-api.md
    // §3.4, §7)
  }

  // ------------------------------------------------------------------ collectors (unpublished,
  // §3.2)

  private static ObjectNode collectorJson(Collector c) {
    ObjectNode o = Json.object();
    o.put("id", c.id);
    o.put("name", c.name);
    o.put("username", c.username);
    o.put("connected", c.connected);
    o.put("connectionStatus", connectionStatus(c));
    if (c.connected) {
      o.put("lastConnectedAt", ForwardStore.ts(c.createdAt));
      o.put("version", ForwardSandbox.RELEASE);
      o.put("externalIp", "198.51.100.10");
      o.putArray("internalIps").add("10.42.1.17");
    }
    o.put("collectorUpdating", false);
    return o;
  }

  private static String connectionStatus(Collector c) {
    return c.connected ? "CONNECTED" : "DISCONNECTED";
  }

  private Collector collector(Request req) {
    String idOrName = req.param("idOrName");
    for (Collector c : store.collectors.values()) {
      if (c.id.equals(idOrName) || c.name.equals(idOrName)) {
        return c;
      }
    }
    return found(null, "Collector " + idOrName);
  }

  private Response listCollectors(Request req) {
    ArrayNode a = Json.array();
    store.collectors.values().forEach(c -> a.add(collectorJson(c)));
    return Response.ok(a);
  }

  private Response createCollector(Request req) {
    ObjectNode body = ForwardSchemas.NEW_COLLECTOR.create(req.json());
    String name = body.get("collectorName").asText();
    for (Collector c : store.collectors.values()) {
      if (c.name.equalsIgnoreCase(name)) {
        throw ApiError.badRequest("Collector named " + name + " already exists");
      }
    }
    Collector c = new Collector();
    c.id = "c-" + nextCollector++;
    c.name = name;
    c.username = "collector-" + store.hex(4);
    c.secret = store.secret(24);
    c.createdAt = System.currentTimeMillis();
    c.connected = store.collectorsConnected;
    store.collectors.put(c.id, c);
    ObjectNode o = Json.object();
    o.put("id", c.id);
    o.put("name", c.name);
    o.put("username", c.username);
    o.put("authorizationKey", c.username + ":" + c.secret);
    return Response.ok(o);
  }

  private Response getCollector(Request req) {
    return Response.ok(collectorJson(collector(req)));
  }

  private Response deleteCollector(Request req) {
    Collector c = collector(req);
    store.collectors.remove(c.id);
    for (Network n : store.networks.values()) {
      if (c.username.equals(n.collectorUsername)) {
        n.collectorUsername = null;
      }
    }
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ binding (§3.4)

  private Response getBinding(Request req) {
    Network n = store.network(req);
    ObjectNode o = Json.object();
    Collector c =
        n.collectorUsername == null ? null : store.collectorWithUsername(n.collectorUsername);
    if (c != null) {
      o.put("id", c.id);
      o.put("name", c.name);
      o.put("username", c.username);
      o.put("connectionStatus", connectionStatus(c));
    }
    return Response.ok(o);
  }

  private Response putBinding(Request req) {
    Network n = store.network(req);
    ObjectNode body = ForwardSchemas.COLLECTOR_BINDING.create(req.json());
    String username = body.get("username").asText();
    if (store.collectorWithUsername(username) == null) {
      throw ApiError.badRequest("No collector configured with username \"" + username + "\"");
    }
    n.collectorUsername = username;
    n.boundAt = System.currentTimeMillis();
    return getBinding(req);
  }

  private Response deleteBinding(Request req) {
    store.network(req).collectorUsername = null;
    return Response.ok(Json.object());
  }
}
