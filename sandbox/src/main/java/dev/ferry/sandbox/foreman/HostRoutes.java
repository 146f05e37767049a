package dev.ferry.sandbox.foreman;

import static dev.ferry.sandbox.foreman.Paging.envelope;
import static dev.ferry.sandbox.foreman.Paging.page;
import static dev.ferry.sandbox.foreman.Paging.slice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.foreman.HostInventory.Host;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Hosts and what hangs off them: the host list with search, order and thin mode, one host with
 * interfaces and permissions, facts, parameters, and the foreman_puppet plugin's classes. A
 * non-admin user sees only the hosts their role filter admits.
 */
final class HostRoutes {
  private static final List<String> HOST_PERMISSIONS =
      List.of(
          "view_hosts",
          "create_hosts",
          "edit_hosts",
          "destroy_hosts",
          "build_hosts",
          "power_hosts",
          "console_hosts",
          "view_facts");

  private static final ScopedSearch.Fields<Map.Entry<String, String>> FACT_FIELDS =
      ScopedSearch.Fields.of(
          f -> f.equals("name") || f.equals("fact") || f.equals("value"),
          (fact, f) -> f.equals("value") ? fact.getValue() : fact.getKey());

  private final ForemanState state;

  HostRoutes(ForemanState state) {
    this.state = state;
  }

  void register(Router r) {
    r.add("GET", "/api/hosts", this::hosts);
    r.add("GET", "/api/hosts/{id}", this::host);
    r.add("GET", "/api/hosts/{id}/facts", this::facts);
    r.add("GET", "/api/hosts/{id}/parameters", this::parameters);
    r.add("GET", "/foreman_puppet/api/v2/hosts/{id}/puppetclasses", this::puppetClasses);
  }

  private List<Host> visibleHosts(ForemanUser u, HostInventory inv, boolean byName) {
    Host[] base = byName ? inv.byName() : inv.byId();
    if (u.admin() || u.hostFilter() == null) {
      return Arrays.asList(base);
    }
    return filter(Arrays.asList(base), ScopedSearch.parse(u.hostFilter(), state.hostFields()));
  }

  private static List<Host> filter(List<Host> hosts, Predicate<Host> f) {
    List<Host> out = new ArrayList<>();
    for (Host h : hosts) {
      if (f.test(h)) {
        out.add(h);
      }
    }
    return out;
  }

  private Response hosts(Request req) {
    state.require(req, "view_hosts");
    RailsParams params = RailsParams.of(req);
    HostInventory inv = state.inventory;
    String search = params.get("search");
    String order = params.get("order");
    String sortBy = null;
    String sortOrder = null;
    boolean byName = true;
    boolean desc = false;
    if (order != null && !order.isBlank()) {
      String[] parts = order.trim().split("\\s+");
      sortBy = parts[0];
      sortOrder = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "ASC";
      if (!sortBy.equals("name") && !sortBy.equals("id")) {
        throw new ScopedSearch.QueryError("Field '" + sortBy + "' not recognized for searching!");
      }
      byName = sortBy.equals("name");
      desc = sortOrder.equals("DESC");
    }
    boolean thin = "true".equalsIgnoreCase(params.get("thin"));
    if (thin) {
      byName = true;
      desc = false;
    }
    Predicate<Host> filter = ScopedSearch.parse(search, state.hostFields());
    List<Host> visible = visibleHosts(state.current(req), inv, byName);
    List<Host> matching = search == null || search.isBlank() ? visible : filter(visible, filter);
    if (desc) {
      matching = new ArrayList<>(matching);
      Collections.reverse(matching);
    }
    Paging.Page pg = page(params, matching.size());
    ObjectNode o = envelope(visible.size(), matching.size(), pg, search, sortBy, sortOrder);
    if ("true".equalsIgnoreCase(params.get("include_permissions"))) {
      o.put("can_create", state.current(req).admin());
      o.put("can_edit", state.current(req).admin());
    }
    List<String> include = params.all("include");
    ArrayNode results = o.putArray("results");
    for (Host h : slice(matching, pg)) {
      if (thin) {
        results.add(HostInventory.thin(h));
        continue;
      }
      ObjectNode x = HostInventory.full(h, state.puppetPlugin);
      if (include.contains("parameters") || include.contains("all_parameters")) {
        ArrayNode hostParams = HostInventory.parameters(h, true);
        if (include.contains("parameters")) {
          x.set("parameters", hostParams);
        }
        if (include.contains("all_parameters")) {
          x.set("all_parameters", hostParams.deepCopy());
        }
      }
      results.add(x);
    }
    return Response.ok(o);
  }

  private Host findHost(Request req) {
    String id = req.param("id");
    Host h = state.inventory.find(id);
    ForemanUser u = state.current(req);
    if (h != null
        && !u.admin()
        && u.hostFilter() != null
        && !ScopedSearch.parse(u.hostFilter(), state.hostFields()).test(h)) {
      h = null;
    }
    if (h == null) {
      throw ApiError.notFound("Resource host not found by id '" + id + "'");
    }
    return h;
  }

  private Response host(Request req) {
    state.require(req, "view_hosts");
    Host h = findHost(req);
    ObjectNode o = HostInventory.full(h, state.puppetPlugin);
    ArrayNode params = HostInventory.parameters(h, true);
    o.set("parameters", params);
    o.set("all_parameters", params.deepCopy());
    ArrayNode ifaces = o.putArray("interfaces");
    ObjectNode nic = ifaces.addObject();
    nic.put("id", h.id);
    nic.put("name", h.name);
    nic.put("ip", h.ip);
    nic.putNull("ip6");
    nic.put("mac", h.mac);
    nic.put("identifier", "eth0");
    nic.put("primary", true);
    nic.put("provision", true);
    nic.put("type", "interface");
    nic.put("managed", h.managed);
    ObjectNode perms = o.putObject("permissions");
    ForemanUser u = state.current(req);
    for (String p : HOST_PERMISSIONS) {
      perms.put(p, u.can(p));
    }
    return Response.ok(o);
  }

  private Response facts(Request req) {
    state.require(req, "view_facts");
    Host h = findHost(req);
    RailsParams params = RailsParams.of(req);
    String userSearch = params.get("search");
    Predicate<Map.Entry<String, String>> filter = ScopedSearch.parse(userSearch, FACT_FIELDS);
    List<Map.Entry<String, String>> matching = new ArrayList<>();
    for (Map.Entry<String, String> e : h.facts().entrySet()) {
      if (filter.test(e)) {
        matching.add(e);
      }
    }
    Paging.Page pg = page(params, matching.size());
    String echo = (userSearch == null ? "" : userSearch) + " host = " + h.id;
    ObjectNode o = envelope(state.inventory.totalFacts(), matching.size(), pg, echo, null, null);
    if (pg.all()) {
      o.put("per_page", matching.size());
    }
    ObjectNode results = o.putObject("results");
    List<Map.Entry<String, String>> page = slice(matching, pg);
    if (!page.isEmpty()) {
      ObjectNode hostFacts = results.putObject(h.name);
      page.forEach(e -> hostFacts.put(e.getKey(), e.getValue()));
    }
    return Response.ok(o);
  }

  private Response parameters(Request req) {
    state.require(req, "view_params");
    Host h = findHost(req);
    List<JsonNode> items = new ArrayList<>();
    HostInventory.parameters(h, true).forEach(items::add);
    Paging.Page pg = page(RailsParams.of(req), items.size());
    ObjectNode o = envelope(items.size(), items.size(), pg, null, null, null);
    ArrayNode results = o.putArray("results");
    slice(items, pg).forEach(results::add);
    return Response.ok(o);
  }

  /** Served only while the foreman_puppet plugin is installed. */
  private Response puppetClasses(Request req) {
    if (!state.puppetPlugin) {
      throw ApiError.notFound(ForemanSandbox.routeNotFound(req));
    }
    state.require(req, "view_hosts");
    Host h = findHost(req);
    ObjectNode o = envelope(3, 3, new Paging.Page(1, 20, false), null, null, null);
    ObjectNode results = o.putObject("results");
    ArrayNode base = results.putArray("base");
    ObjectNode b = base.addObject();
    b.put("id", 1);
    b.put("name", "base");
    b.put("module_name", "base");
    ArrayNode role = results.putArray("role");
    ObjectNode r = role.addObject();
    r.put("id", 10 + h.hostgroupId);
    r.put("name", "role::" + h.hostgroupName);
    r.put("module_name", "role");
    ObjectNode p = role.addObject();
    p.put("id", 2);
    p.put("name", "role::common");
    p.put("module_name", "role");
    return Response.ok(o);
  }
}
