package dev.ferry.sandbox.foreman;

import static dev.ferry.sandbox.foreman.Paging.envelope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.foreman.HostInventory.ComputeResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Compute resources and their clusters (foreman-api.md §3.7). */
final class ComputeResourceRoutes {
  private static final ScopedSearch.Fields<ComputeResource> FIELDS =
      ScopedSearch.Fields.of(
          f -> f.equals("name") || f.equals("id") || f.equals("type"),
          (cr, f) ->
              switch (f) {
                case "id" -> cr.id();
                case "type" -> cr.provider();
                default -> cr.name();
              });

  private final ForemanState state;

  ComputeResourceRoutes(ForemanState state) {
    this.state = state;
  }

  void register(Router r) {
    r.add("GET", "/api/compute_resources", this::computeResources);
    r.add("GET", "/api/compute_resources/{id}", this::computeResource);
    r.add("GET", "/api/compute_resources/{id}/available_clusters", this::clusters);
  }

  private static ObjectNode crJson(ComputeResource cr) {
    ObjectNode o = Json.object();
    o.put("id", cr.id());
    o.put("name", cr.name());
    o.put("provider", cr.provider());
    o.put("provider_friendly_name", cr.friendly());
    o.putNull("description");
    o.put("created_at", HostInventory.time(1_704_103_200L));
    o.put("updated_at", HostInventory.time(1_704_103_200L));
    switch (cr.provider()) {
      case "Vmware" -> {
        o.put("url", "vcenter01.example.com");
        o.put("user", "svc-foreman@vsphere.local");
        o.put("datacenter", "DC1");
        o.put("server", "vcenter01.example.com");
        o.put("set_console_password", true);
        o.put("caching_enabled", true);
        o.put("display_type", "vmrc");
      }
      case "Libvirt" -> {
        o.put("url", "qemu+ssh://root@libvirt01.example.com/system");
        o.put("display_type", "vnc");
        o.put("set_console_password", true);
      }
      default -> {
        o.put("url", "https://ovirt01.example.com/ovirt-engine/api");
        o.put("user", "admin@internal");
        o.put("datacenter", "c3a6e3a2-5f4e-11ee-8c99-0242ac120002");
        o.put("use_v4", true);
        o.putNull("ovirt_quota");
        o.put("display_type", "vnc");
        o.put("keyboard_layout", "en-us");
      }
    }
    return o;
  }

  private Response computeResources(Request req) {
    state.require(req, "view_compute_resources");
    List<ComputeResource> all = HostInventory.COMPUTE_RESOURCES;
    RailsParams params = RailsParams.of(req);
    String search = params.get("search");
    List<ComputeResource> matching =
        new ArrayList<>(all.stream().filter(ScopedSearch.parse(search, FIELDS)).toList());
    matching.sort(Comparator.comparing(ComputeResource::name));
    Paging.Page pg = Paging.page(params, matching.size());
    ObjectNode o = envelope(all.size(), matching.size(), pg, search, null, null);
    ArrayNode results = o.putArray("results");
    Paging.slice(matching, pg).forEach(cr -> results.add(crJson(cr)));
    return Response.ok(o);
  }

  private static ComputeResource findCr(Request req) {
    String id = req.param("id");
    for (ComputeResource cr : HostInventory.COMPUTE_RESOURCES) {
      if (String.valueOf(cr.id()).equals(id) || cr.name().equals(id)) {
        return cr;
      }
    }
    throw ApiError.notFound("Resource compute_resource not found by id '" + id + "'");
  }

  private Response computeResource(Request req) {
    state.require(req, "view_compute_resources");
    return Response.ok(crJson(findCr(req)));
  }

  /**
   * VMware/oVirt clusters; ESXi host counts derived from the VM count (live provider query in
   * Foreman).
   */
  private Response clusters(Request req) {
    state.require(req, "view_compute_resources");
    ComputeResource cr = findCr(req);
    ArrayNode items = Json.array();
    if (!cr.provider().equals("Libvirt")) {
      long vms = 0;
      for (HostInventory.Host h : state.inventory.byId()) {
        if (h.cr == cr) {
          vms++;
        }
      }
      long hostsNeeded = Math.max(2, (vms + 29) / 30);
      for (int c = 1; c <= 2; c++) {
        ObjectNode x = items.addObject();
        x.put("name", "Cluster" + c);
        x.put("id", cr.provider().equals("Vmware") ? "domain-c" + (5 + 2 * c) : "cluster-" + c);
        x.put("full_path", "/DC1/host/Cluster" + c);
        x.put("datacenter", "DC1");
        x.put("num_host", c == 1 ? (hostsNeeded + 1) / 2 : hostsNeeded / 2);
      }
    }
    Paging.Page pg = new Paging.Page(1, Math.max(items.size(), 1), false);
    ObjectNode o = envelope(items.size(), items.size(), pg, null, null, null);
    o.set("results", items);
    return Response.ok(o);
  }
}
