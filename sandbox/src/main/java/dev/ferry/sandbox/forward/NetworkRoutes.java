package dev.ferry.sandbox.forward;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.forward.ForwardStore.Network;

/** Networks (forward-api.md §3.3): names are unique regardless of case. */
final class NetworkRoutes {
  private final ForwardStore store;
  private long nextNetwork = 100;

  NetworkRoutes(ForwardStore store) {
    this.store = store;
  }

  void register(Router r) {
    r.add("GET", "/api/networks", store.locked(this::listNetworks));
    r.add("POST", "/api/networks", store.locked(this::createNetwork));
    r.add("PATCH", "/api/networks/{networkId}", store.locked(this::patchNetwork));
    r.add("DELETE", "/api/networks/{networkId}", store.locked(this::deleteNetwork));
  }

  /** A network as the API shows it; snapshot lists embed it too. */
  static ObjectNode networkJson(ForwardStore store, Network n) {
    ObjectNode o = Json.object();
    o.put("id", n.id);
    o.put("name", n.name);
    o.put("orgId", store.orgId);
    o.put("creator", n.creator);
    o.put("creatorId", n.creatorId);
    o.put("createdAt", ForwardStore.ts(n.createdAt));
    if (n.note != null) {
      o.put("note", n.note);
    }
    if (n.retentionDays != null) {
      o.put("retentionDays", n.retentionDays);
    }
    return o;
  }

  private Response listNetworks(Request req) {
    ArrayNode a = Json.array();
    store.networks.values().forEach(n -> a.add(networkJson(store, n)));
    return Response.ok(a);
  }

  private void checkNetworkName(String name, String exceptId) {
    for (Network n : store.networks.values()) {
      if (n.name.equalsIgnoreCase(name) && !n.id.equals(exceptId)) {
        throw ApiError.conflict("A network named \"" + n.name + "\" already exists");
      }
    }
  }

  private Response createNetwork(Request req) {
    String name = req.query("name");
    if (name == null || name.isBlank()) {
      throw ApiError.badRequest("Missing required query parameter \"name\"");
    }
    checkNetworkName(name, null);
    Network n = new Network();
    n.id = String.valueOf(++nextNetwork);
    n.name = name;
    // Network.creator: "The username of the user who created the network" (createNetwork,
    // forward-openapi-26.6.json): the account's name, not the API access key it authenticated with
    n.creator = store.account(req.user());
    n.creatorId = store.userId(req.user());
    n.createdAt = System.currentTimeMillis();
    store.networks.put(n.id, n);
    return Response.ok(networkJson(store, n));
  }

  private Response patchNetwork(Request req) {
    Network n = store.network(req);
    ObjectNode p = ForwardSchemas.NETWORK_UPDATE.patch(req.json());
    if (p.hasNonNull("name")) {
      checkNetworkName(p.get("name").asText(), n.id);
      n.name = p.get("name").asText();
    }
    if (p.has("note")) {
      n.note = p.get("note").isNull() ? null : p.get("note").asText();
    }
    if (p.has("retentionDays")) {
      n.retentionDays = p.get("retentionDays").isNull() ? null : p.get("retentionDays").asInt();
    }
    return Response.ok(networkJson(store, n));
  }

  private Response deleteNetwork(Request req) {
    Network n = store.network(req);
    store.networks.remove(n.id);
    store.tasks.values().removeIf(t -> t.networkId.equals(n.id));
    return Response.ok(networkJson(store, n));
  }
}
