package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Read-only stand-in for the Foreman REST API v2 (3.13), per the reference foreman-api.md. Every
 * route is served under {@code /api} and {@code /api/v2}; HTTP Basic {@code login:PAT} or {@code
 * login:password}; {@code {"error":{"message":…}}} envelopes; generated deterministic hosts.
 */
public final class ForemanSandbox extends SandboxHttpServer {
  public static final String VERSION = "3.13.0";

  private final Map<String, ForemanUser> users = new ConcurrentHashMap<>();
  private volatile HostInventory inventory;
  private volatile boolean puppetPlugin = true;
  private volatile boolean katello = false;
  private volatile int failedLoginLimit = 30;
  private volatile long lockoutMs = 5 * 60_000;
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Long> lockedUntil = new HashMap<>();

  public ForemanSandbox() {
    this(1000);
  }

  public ForemanSandbox(int hostCount) {
    super("foreman");
    this.inventory = new HostInventory(hostCount);
  }

  // ------------------------------------------------------------------ configuration (Java API)

  public ForemanSandbox user(ForemanUser user) {
    users.put(user.login(), user);
    return this;
  }

  /** Regenerates the inventory with {@code count} hosts. */
  public ForemanSandbox hosts(int count) {
    this.inventory = new HostInventory(count);
    return this;
  }

  public ForemanSandbox latency(Duration latency) {
    faults.latencyMs(latency.toMillis());
    return this;
  }

  /**
   * foreman_puppet plugin installed: hosts carry environment_* and puppet_* fields (foreman-api.md
   * §3.3).
   */
  public ForemanSandbox puppetPlugin(boolean on) {
    this.puppetPlugin = on;
    return this;
  }

  /**
   * Katello installed: {@code hypervisor}/{@code hypervisor_host} search fields, katello key in
   * ping.
   */
  public ForemanSandbox katello(boolean on) {
    this.katello = on;
    return this;
  }

  /** Failed-login lockout per source IP (default 30 failures, 5 minutes; limit 0 disables). */
  public ForemanSandbox failedLoginLockout(int limit, Duration lockout) {
    this.failedLoginLimit = limit;
    this.lockoutMs = lockout.toMillis();
    synchronized (failures) {
      failures.clear();
      lockedUntil.clear();
    }
    return this;
  }

  @Override
  public ForemanSandbox start(int port) {
    super.start(port);
    return this;
  }

  public int hostCount() {
    return inventory.size();
  }

  // ------------------------------------------------------------------ plumbing

  @Override
  protected String normalizePath(String path) {
    if (path.startsWith("/api/v2/")) {
      return "/api/" + path.substring(8);
    }
    return path.equals("/api/v2") ? "/api" : path;
  }

  @Override
  protected void decorate(Request req, Response resp) {
    resp.header("Foreman_version", VERSION);
    resp.header("Foreman_api_version", "2");
    resp.header("Foreman_current_organization", "; ANY");
    resp.header("Foreman_current_location", "; ANY");
  }

  private static Response err(int status, String message) {
    ObjectNode o = Json.object();
    o.putObject("error").put("message", message);
    return Response.json(status, o);
  }

  @Override
  protected Response error(Request req, ApiError e) {
    Response r = err(e.status(), e.getMessage());
    if (e instanceof ScopedSearch.QueryError) {
      ((ObjectNode) r.body().get("error")).put("class", "ScopedSearch::QueryNotSupported");
    }
    if (e instanceof MissingPermission mp) {
      ObjectNode inner = (ObjectNode) r.body().get("error");
      inner.put("details", "Missing one of the required permissions: " + mp.permission);
      inner.putArray("missing_permissions").add(mp.permission);
    }
    if (e instanceof ParamError pe) {
      ((ObjectNode) r.body().get("error")).put("parameter_name", pe.param);
    }
    if (e.status() == 503) {
      ObjectNode o = Json.object();
      o.put("message", e.getMessage());
      return Response.json(503, o);
    }
    return r;
  }

  static final class ParamError extends ApiError {
    final String param;

    ParamError(String param, String value, String expectation) {
      super(400, "Invalid parameter '" + param + "' value \"" + value + "\": " + expectation);
      this.param = param;
    }
  }

  @Override
  protected Response unknownRoute(Request req) {
    return err(404, "Route " + req.method() + " " + req.path() + " not found");
  }

  @Override
  protected Response authorize(Request req, Router.Match match) {
    if (match != null && match.route().template().equals("/api/ping")) {
      return null; // no authentication (foreman-api.md §3.2)
    }
    String ip = req.remote().getAddress().getHostAddress();
    long now = System.currentTimeMillis();
    synchronized (failures) {
      Long until = lockedUntil.get(ip);
      if (until != null && now < until) {
        return err(401, "Too many tries, please try again in a few minutes.");
      }
      if (until != null) {
        lockedUntil.remove(ip);
        failures.remove(ip);
      }
    }
    String h = req.header("Authorization");
    String login = "";
    String secret = null;
    if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String dec =
            new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int c = dec.indexOf(':');
        if (c >= 0) {
          login = dec.substring(0, c);
          secret = dec.substring(c + 1);
        }
      } catch (IllegalArgumentException ignored) {
        // fall through: unauthenticated
      }
    }
    ForemanUser u = users.get(login);
    if (secret == null || u == null || !u.accepts(secret)) {
      if (h != null) {
        recordFailure(ip, now);
      }
      return err(401, "Unable to authenticate user " + login);
    }
    if (u.disabled()) {
      return err(401, "User account is disabled, please contact your administrator");
    }
    req.user(u.login());
    return null;
  }

  private void recordFailure(String ip, long now) {
    if (failedLoginLimit <= 0) {
      return;
    }
    synchronized (failures) {
      int n = failures.merge(ip, 1, Integer::sum);
      if (n >= failedLoginLimit) {
        lockedUntil.put(ip, now + lockoutMs);
      }
    }
  }

  private ForemanUser current(Request req) {
    return users.get(req.user());
  }

  private void require(Request req, String permission) {
    if (!current(req).can(permission)) {
      throw new MissingPermission(permission);
    }
  }

  static final class MissingPermission extends ApiError {
    final String permission;

    MissingPermission(String permission) {
      super(403, "Access denied");
      this.permission = permission;
    }
  }

  @Override
  protected ObjectNode stateJson() {
    ObjectNode o = Json.object();
    o.put("hosts", inventory.size());
    o.put("computeResources", HostInventory.COMPUTE_RESOURCES.size());
    o.put("puppetPlugin", puppetPlugin);
    o.put("katello", katello);
    ArrayNode u = o.putArray("users");
    users.values().forEach(x -> u.add(x.login()));
    synchronized (failures) {
      ObjectNode l = o.putObject("lockedIps");
      long now = System.currentTimeMillis();
      lockedUntil.forEach(
          (ip, t) -> {
            if (t > now) {
              l.put(ip, (t - now + 999) / 1000);
            }
          });
    }
    return o;
  }

  @Override
  protected void resetData() {
    synchronized (failures) {
      failures.clear();
      lockedUntil.clear();
    }
  }

  @Override
  protected Response extraAdmin(Request req) {
    if (req.path().equals(ADMIN_PREFIX + "foreman") && req.method().equals("POST")) {
      var doc = req.json();
      if (doc != null) {
        if (doc.has("hosts")) {
          hosts(doc.get("hosts").asInt());
        }
        if (doc.has("puppetPlugin")) {
          puppetPlugin(doc.get("puppetPlugin").asBoolean());
        }
        if (doc.has("katello")) {
          katello(doc.get("katello").asBoolean());
        }
        if (doc.has("failedLoginLimit")) {
          failedLoginLockout(
              doc.get("failedLoginLimit").asInt(),
              Duration.ofSeconds(doc.path("lockoutSeconds").asLong(300)));
        }
      }
      return Response.ok(stateJson());
    }
    return null;
  }

  // ------------------------------------------------------------------ routes

  @Override
  protected void routes(Router r) {
    r.add("GET", "/api/ping", this::ping);
    r.add("GET", "/api/status", this::status);
    r.add("GET", "/api/current_user", this::currentUser);
    r.add("GET", "/api/hosts", this::hosts);
    r.add("GET", "/api/hosts/{id}", this::host);
    r.add("GET", "/api/hosts/{id}/facts", this::facts);
    r.add("GET", "/api/hosts/{id}/parameters", this::parameters);
    r.add("GET", "/api/compute_resources", this::computeResources);
    r.add("GET", "/api/compute_resources/{id}", this::computeResource);
    r.add("GET", "/api/compute_resources/{id}/available_clusters", this::clusters);
    r.add("GET", "/foreman_puppet/api/v2/hosts/{id}/puppetclasses", this::puppetClasses);
  }

  private Response ping(Request req) {
    ObjectNode o = Json.object();
    ObjectNode results = o.putObject("results");
    ObjectNode db = results.putObject("foreman").putObject("database");
    db.put("active", true);
    db.put("duration_ms", "0");
    if (katello) {
      ObjectNode k = results.putObject("katello");
      k.put("status", "ok");
      k.putObject("services");
    }
    return Response.ok(o);
  }

  private Response status(Request req) {
    ObjectNode o = Json.object();
    o.put("result", "ok");
    o.put("status", 200);
    o.put("version", VERSION);
    o.put("api_version", 2);
    return Response.ok(o);
  }

  private Response currentUser(Request req) {
    ForemanUser u = current(req);
    ObjectNode o = Json.object();
    o.put("id", 1 + new ArrayList<>(users.keySet()).indexOf(u.login()));
    o.put("login", u.login());
    o.put("firstname", u.login());
    o.put("lastname", "");
    o.put("mail", u.login() + "@example.com");
    o.put("admin", u.admin());
    o.put("disabled", false);
    o.put("auth_source_name", "Internal");
    return Response.ok(o);
  }

  // ------------------------------------------------------------------ paging

  private record Page(int page, int perPage, boolean all) {}

  private static Page page(Request req, int totalIfAll) {
    String pp = req.query("per_page");
    String p = req.query("page");
    int perPage = 20;
    boolean all = false;
    if (pp != null && !pp.isEmpty()) {
      if (pp.equals("all")) {
        all = true;
        perPage = Math.max(totalIfAll, 0);
      } else {
        try {
          perPage = Integer.parseInt(pp);
        } catch (NumberFormatException e) {
          throw new ParamError("per_page", pp, "Must be a number.");
        }
        if (perPage <= 0) {
          throw new ParamError("per_page", pp, "Must be a positive number.");
        }
      }
    }
    int page = 1;
    if (p != null && !p.isEmpty()) {
      try {
        page = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new ParamError("page", p, "Must be a number.");
      }
      if (page <= 0) {
        throw new ParamError("page", p, "Must be a positive number.");
      }
    }
    return new Page(all ? 1 : page, perPage, all);
  }

  private static ObjectNode envelope(
      long total, long subtotal, Page pg, String search, String sortBy, String sortOrder) {
    ObjectNode o = Json.object();
    o.put("total", total);
    o.put("subtotal", subtotal);
    o.put("page", pg.page);
    o.put("per_page", pg.all ? total : pg.perPage);
    if (search == null) {
      o.putNull("search");
    } else {
      o.put("search", search);
    }
    ObjectNode sort = o.putObject("sort");
    if (sortBy == null) {
      sort.putNull("by");
      sort.putNull("order");
    } else {
      sort.put("by", sortBy);
      sort.put("order", sortOrder);
    }
    return o;
  }

  private static <T> List<T> slice(List<T> items, Page pg) {
    if (pg.all) {
      return items;
    }
    long from = (long) (pg.page - 1) * pg.perPage;
    if (from >= items.size()) {
      return List.of();
    }
    return items.subList((int) from, (int) Math.min(items.size(), from + pg.perPage));
  }

  // ------------------------------------------------------------------ hosts

  private List<HostInventory.Host> visibleHosts(ForemanUser u, HostInventory inv, boolean byName) {
    HostInventory.Host[] base = byName ? inv.byName() : inv.byId();
    if (u.admin() || u.hostFilter() == null) {
      return Arrays.asList(base);
    }
    Predicate<HostInventory.Host> f =
        ScopedSearch.parse(u.hostFilter(), HostInventory.fields(katello));
    List<HostInventory.Host> out = new ArrayList<>();
    for (HostInventory.Host h : base) {
      if (f.test(h)) {
        out.add(h);
      }
    }
    return out;
  }

  private Response hosts(Request req) {
    require(req, "view_hosts");
    HostInventory inv = inventory;
    String search = req.query("search");
    String order = req.query("order");
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
    boolean thin = "true".equalsIgnoreCase(req.query("thin"));
    if (thin) {
      byName = true;
      desc = false;
    }
    Predicate<HostInventory.Host> filter =
        ScopedSearch.parse(search, HostInventory.fields(katello));
    List<HostInventory.Host> visible = visibleHosts(current(req), inv, byName);
    List<HostInventory.Host> matching = new ArrayList<>();
    if (search == null || search.isBlank()) {
      matching = visible;
    } else {
      for (HostInventory.Host h : visible) {
        if (filter.test(h)) {
          matching.add(h);
        }
      }
    }
    if (desc) {
      matching = new ArrayList<>(matching);
      java.util.Collections.reverse(matching);
    }
    Page pg = page(req, matching.size());
    ObjectNode o = envelope(visible.size(), matching.size(), pg, search, sortBy, sortOrder);
    if ("true".equalsIgnoreCase(req.query("include_permissions"))) {
      o.put("can_create", current(req).admin());
      o.put("can_edit", current(req).admin());
    }
    List<String> include = req.queryAll("include[]");
    ArrayNode results = o.putArray("results");
    for (HostInventory.Host h : slice(matching, pg)) {
      if (thin) {
        results.add(HostInventory.thin(h));
        continue;
      }
      ObjectNode x = HostInventory.full(h, puppetPlugin);
      if (include.contains("parameters") || include.contains("all_parameters")) {
        ArrayNode params = HostInventory.parameters(h, true);
        if (include.contains("parameters")) {
          x.set("parameters", params);
        }
        if (include.contains("all_parameters")) {
          x.set("all_parameters", params.deepCopy());
        }
      }
      results.add(x);
    }
    return Response.ok(o);
  }

  private HostInventory.Host findHost(Request req) {
    String id = req.param("id");
    HostInventory.Host h = inventory.find(id);
    ForemanUser u = current(req);
    if (h != null
        && !u.admin()
        && u.hostFilter() != null
        && !ScopedSearch.parse(u.hostFilter(), HostInventory.fields(katello)).test(h)) {
      h = null;
    }
    if (h == null) {
      throw ApiError.notFound("Resource host not found by id '" + id + "'");
    }
    return h;
  }

  private Response host(Request req) {
    require(req, "view_hosts");
    HostInventory.Host h = findHost(req);
    ObjectNode o = HostInventory.full(h, puppetPlugin);
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
    ForemanUser u = current(req);
    for (String p :
        List.of(
            "view_hosts",
            "create_hosts",
            "edit_hosts",
            "destroy_hosts",
            "build_hosts",
            "power_hosts",
            "console_hosts",
            "view_facts")) {
      perms.put(p, u.can(p));
    }
    return Response.ok(o);
  }

  private Response facts(Request req) {
    require(req, "view_facts");
    HostInventory.Host h = findHost(req);
    String userSearch = req.query("search");
    Predicate<Map.Entry<String, String>> filter = ScopedSearch.parse(userSearch, FACT_FIELDS);
    List<Map.Entry<String, String>> matching = new ArrayList<>();
    for (Map.Entry<String, String> e : h.facts().entrySet()) {
      if (filter.test(e)) {
        matching.add(e);
      }
    }
    Page pg = page(req, matching.size());
    String echo = (userSearch == null ? "" : userSearch) + " host = " + h.id;
    ObjectNode o = envelope(inventory.totalFacts(), matching.size(), pg, echo, null, null);
    if (pg.all) {
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

  private static final ScopedSearch.Fields<Map.Entry<String, String>> FACT_FIELDS =
      new ScopedSearch.Fields<>() {
        @Override
        public boolean knows(String field) {
          return field.equals("name") || field.equals("fact") || field.equals("value");
        }

        @Override
        public Object value(Map.Entry<String, String> e, String field) {
          return field.equals("value") ? e.getValue() : e.getKey();
        }

        @Override
        public String defaultField() {
          return "name";
        }
      };

  private Response parameters(Request req) {
    require(req, "view_params");
    HostInventory.Host h = findHost(req);
    ArrayNode all = HostInventory.parameters(h, true);
    List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
    all.forEach(items::add);
    Page pg = page(req, items.size());
    ObjectNode o = envelope(items.size(), items.size(), pg, null, null, null);
    ArrayNode results = o.putArray("results");
    slice(items, pg).forEach(results::add);
    return Response.ok(o);
  }

  // ------------------------------------------------------------------ compute resources (§3.7)

  private static ObjectNode crJson(HostInventory.ComputeResource cr) {
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
    require(req, "view_compute_resources");
    List<HostInventory.ComputeResource> all = HostInventory.COMPUTE_RESOURCES;
    String search = req.query("search");
    ScopedSearch.Fields<HostInventory.ComputeResource> fields =
        new ScopedSearch.Fields<>() {
          @Override
          public boolean knows(String f) {
            return f.equals("name") || f.equals("id") || f.equals("type");
          }

          @Override
          public Object value(HostInventory.ComputeResource cr, String f) {
            return switch (f) {
              case "id" -> cr.id();
              case "type" -> cr.provider();
              default -> cr.name();
            };
          }

          @Override
          public String defaultField() {
            return "name";
          }
        };
    Predicate<HostInventory.ComputeResource> filter = ScopedSearch.parse(search, fields);
    List<HostInventory.ComputeResource> matching =
        new ArrayList<>(all.stream().filter(filter).toList());
    matching.sort(Comparator.comparing(HostInventory.ComputeResource::name));
    Page pg = page(req, matching.size());
    ObjectNode o = envelope(all.size(), matching.size(), pg, search, null, null);
    ArrayNode results = o.putArray("results");
    slice(matching, pg).forEach(cr -> results.add(crJson(cr)));
    return Response.ok(o);
  }

  private HostInventory.ComputeResource findCr(Request req) {
    String id = req.param("id");
    for (HostInventory.ComputeResource cr : HostInventory.COMPUTE_RESOURCES) {
      if (String.valueOf(cr.id()).equals(id) || cr.name().equals(id)) {
        return cr;
      }
    }
    throw ApiError.notFound("Resource compute_resource not found by id '" + id + "'");
  }

  private Response computeResource(Request req) {
    require(req, "view_compute_resources");
    return Response.ok(crJson(findCr(req)));
  }

  /**
   * VMware/oVirt clusters; ESXi host counts derived from the VM count (live provider query in
   * Foreman).
   */
  private Response clusters(Request req) {
    require(req, "view_compute_resources");
    HostInventory.ComputeResource cr = findCr(req);
    ArrayNode items = Json.array();
    if (!cr.provider().equals("Libvirt")) {
      long vms = 0;
      for (HostInventory.Host h : inventory.byId()) {
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
    Page pg = new Page(1, Math.max(items.size(), 1), false);
    ObjectNode o = envelope(items.size(), items.size(), pg, null, null, null);
    o.set("results", items);
    return Response.ok(o);
  }

  private Response puppetClasses(Request req) {
    if (!puppetPlugin) {
      return unknownRoute(req);
    }
    require(req, "view_hosts");
    HostInventory.Host h = findHost(req);
    ObjectNode o = envelope(3, 3, new Page(1, 20, false), null, null, null);
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
