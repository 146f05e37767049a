package dev.ferry.sandbox.forward;

import static dev.ferry.sandbox.forward.ForwardStore.found;
import static dev.ferry.sandbox.forward.ForwardStore.ts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.forward.ForwardStore.Network;
import dev.ferry.sandbox.forward.ForwardStore.Snapshot;
import dev.ferry.sandbox.forward.ForwardStore.Task;

/**
 * Collection (forward-api.md §3.11, §3.12): collector tasks, {@code startcollection} and the
 * snapshots a finished collection leaves. Progress is simulated lazily by {@link
 * ForwardStore#refresh}.
 */
final class CollectionRoutes {
  private final ForwardStore store;
  private long nextTask = 1000;

  CollectionRoutes(ForwardStore store) {
    this.store = store;
  }

  void register(Router r) {
    r.add("POST", "/api/collector-tasks", store.locked(this::createTask));
    r.add("GET", "/api/collector-tasks/{taskId}", store.locked(this::getTask));
    r.add("POST", "/api/collector-tasks/{taskId}", store.locked(this::taskAction));
    r.add("GET", "/api/networks/{networkId}/missing-devices", store.locked(this::missingDevices));
    r.add("POST", "/api/networks/{networkId}/startcollection", store.locked(this::startCollection));
    r.add("GET", "/api/networks/{networkId}/snapshots", store.locked(this::listSnapshots));
    r.add(
        "GET",
        "/api/networks/{networkId}/snapshots/latestProcessed",
        store.locked(this::latestProcessed));
  }

  private static ObjectNode taskJson(Task t) {
    ObjectNode o = Json.object();
    o.put("id", t.id);
    o.put("type", "NETWORK_COLLECTION");
    o.put("status", t.status);
    o.put("networkId", t.networkId);
    o.put("networkName", t.networkName);
    o.put("createdById", t.createdById);
    o.put("createdBy", t.createdBy);
    o.put("createdAt", ts(t.createdAt));
    if (t.startedAt > 0) {
      o.put("startedAt", ts(t.startedAt));
    }
    if (t.finishedAt > 0) {
      o.put("finishedAt", ts(t.finishedAt));
    }
    if (t.canceledBy != null) {
      o.put("canceledById", t.canceledById);
      o.put("canceledBy", t.canceledBy);
    }
    return o;
  }

  private Task runningTask(Network n) {
    for (Task t : store.tasks.values()) {
      if (t.networkId.equals(n.id) && (t.status.equals("QUEUED") || t.status.equals("RUNNING"))) {
        return t;
      }
    }
    return null;
  }

  private Task newTask(Network n, Request req) {
    Task t = new Task();
    t.id = "P" + nextTask++;
    t.networkId = n.id;
    t.networkName = n.name;
    t.createdBy = req.user();
    t.createdById = store.userId(req.user());
    t.createdAt = System.currentTimeMillis();
    store.tasks.put(t.id, t);
    return t;
  }

  private Response createTask(Request req) {
    String type = req.query("type");
    if (!"NETWORK_COLLECTION".equals(type)) {
      throw ApiError.badRequest("Query parameter \"type\" must be NETWORK_COLLECTION");
    }
    String networkId = req.query("networkId");
    if (networkId == null) {
      throw ApiError.badRequest("Missing required query parameter \"networkId\"");
    }
    Network n = found(store.networks.get(networkId), "Network " + networkId);
    store.refresh(n, System.currentTimeMillis());
    Task running = runningTask(n);
    if (running != null) {
      throw ApiError.conflict(
          "A network collection is already in progress for network "
              + n.id
              + " (task "
              + running.id
              + ")");
    }
    ObjectNode o = Json.object();
    o.put("taskId", newTask(n, req).id);
    return Response.ok(o);
  }

  private Response getTask(Request req) {
    Task t = found(store.tasks.get(req.param("taskId")), "Collector task " + req.param("taskId"));
    Network n = store.networks.get(t.networkId);
    if (n != null) {
      store.refresh(n, System.currentTimeMillis());
    }
    return Response.ok(taskJson(t));
  }

  /**
   * {@code POST /api/collector-tasks/{taskId}?action=CANCEL}, which Forward's SDKs use
   * (forward-api.md §3.11; not in the 26.6 document): a QUEUED or RUNNING task ends CANCELED with
   * who canceled it; a finished one cannot be canceled (409).
   */
  private Response taskAction(Request req) {
    Task t = found(store.tasks.get(req.param("taskId")), "Collector task " + req.param("taskId"));
    if (!"CANCEL".equals(req.query("action"))) {
      throw ApiError.badRequest("Query parameter \"action\" must be CANCEL or SKIP");
    }
    Network n = store.networks.get(t.networkId);
    long now = System.currentTimeMillis();
    if (n != null) {
      store.refresh(n, now);
    }
    if (!t.status.equals("QUEUED") && !t.status.equals("RUNNING")) {
      throw ApiError.conflict("Collector task " + t.id + " already ended " + t.status);
    }
    t.status = "CANCELED";
    t.finishedAt = now;
    t.canceledBy = req.user();
    t.canceledById = store.userId(req.user());
    return Response.ok(taskJson(t));
  }

  /**
   * {@code getMissingDevices}: of the snapshot named by {@code snapshotId}, else of the latest
   * processed one; 404 for an unknown snapshot, 409 while it is processing.
   */
  private Response missingDevices(Request req) {
    Network n = store.network(req);
    long now = System.currentTimeMillis();
    String snapshotId = req.query("snapshotId");
    Snapshot snapshot = null;
    for (int i = n.snapshots.size() - 1; i >= 0 && snapshot == null; i--) {
      Snapshot s = n.snapshots.get(i);
      if (snapshotId == null ? now >= s.processedAt : s.id.equals(snapshotId)) {
        snapshot = s;
      }
    }
    if (snapshot == null) {
      if (snapshotId != null) {
        throw ApiError.notFound("Snapshot " + snapshotId + " not found");
      }
      throw new ApiError(
          409,
          "None of the Snapshots in network " + n.id + " are processed.",
          "SNAPSHOT_UNAVAILABLE");
    }
    if (now < snapshot.processedAt) {
      throw new ApiError(
          409,
          "The system is currently processing Snapshot " + snapshot.id,
          "SNAPSHOT_UNAVAILABLE");
    }
    ObjectNode o = Json.object();
    ArrayNode devices = o.putArray("devices");
    snapshot.missingDevices.forEach(devices::add);
    return Response.ok(o);
  }

  private Response startCollection(Request req) {
    Network n = store.network(req);
    if (n.devices.isEmpty() && n.endpoints.isEmpty()) {
      throw ApiError.badRequest("No valid devices");
    }
    if (runningTask(n) == null) {
      newTask(n, req);
    }
    return Response.ok(Json.object());
  }

  private static ObjectNode snapshotJson(Snapshot s, long now) {
    ObjectNode o = Json.object();
    o.put("id", s.id);
    o.put("state", now >= s.processedAt ? "PROCESSED" : "PROCESSING");
    o.put("processingTrigger", "COLLECTION");
    o.put("isDraft", false);
    o.put("createdAt", ts(s.createdAt));
    if (now >= s.processedAt) {
      o.put("processedAt", ts(s.processedAt));
    }
    return o;
  }

  private Response listSnapshots(Request req) {
    Network n = store.network(req);
    long now = System.currentTimeMillis();
    ObjectNode o = NetworkRoutes.networkJson(store, n);
    ArrayNode a = o.putArray("snapshots");
    int limit =
        req.query("limit") == null ? Integer.MAX_VALUE : Integer.parseInt(req.query("limit"));
    String state = req.query("state");
    for (int i = n.snapshots.size() - 1; i >= 0 && a.size() < limit; i--) {
      ObjectNode s = snapshotJson(n.snapshots.get(i), now);
      if (state == null || state.equals(s.get("state").asText())) {
        a.add(s);
      }
    }
    return Response.ok(o);
  }

  private Response latestProcessed(Request req) {
    Network n = store.network(req);
    long now = System.currentTimeMillis();
    if (n.snapshots.isEmpty()) {
      throw ApiError.notFound("Network " + n.id + " has no Snapshots");
    }
    for (int i = n.snapshots.size() - 1; i >= 0; i--) {
      Snapshot s = n.snapshots.get(i);
      if (now >= s.processedAt) {
        return Response.ok(snapshotJson(s, now));
      }
    }
    throw new ApiError(
        409,
        "None of the Snapshots in network "
            + n.id
            + " are processed. Processing of the latest Snapshot has begun.",
        "SNAPSHOT_UNAVAILABLE");
  }
}
