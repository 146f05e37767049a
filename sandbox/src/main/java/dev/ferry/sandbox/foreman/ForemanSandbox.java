package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.BasicAuth;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import java.time.Duration;
import java.util.ArrayList;

/**
 * Read-only stand-in for the Foreman REST API v2 (3.13), per the reference foreman-api.md. Every
 * route is served under {@code /api} and {@code /api/v2}; HTTP Basic {@code login:PAT} or {@code
 * login:password}; {@code {"error":{"message":…}}} envelopes; generated deterministic hosts. This
 * class holds the configuration, authentication and error shape; the resources' routes live in
 * {@link HostRoutes} and {@link ComputeResourceRoutes}.
 */
public final class ForemanSandbox extends SandboxHttpServer {
  public static final String VERSION = "3.13.0";
  private static final String APIDOC = "/apidoc/v2.json";

  private final ForemanState state;
  private final LoginLockout lockout = new LoginLockout();

  public ForemanSandbox() {
    this(1000);
  }

  public ForemanSandbox(int hostCount) {
    super("foreman");
    this.state = new ForemanState(hostCount);
  }

  // ------------------------------------------------------------------ configuration (Java API)

  public ForemanSandbox user(ForemanUser user) {
    state.users.put(user.login(), user);
    return this;
  }

  /** Regenerates the inventory with {@code count} hosts. */
  public ForemanSandbox hosts(int count) {
    state.inventory = new HostInventory(count);
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
    state.puppetPlugin = on;
    return this;
  }

  /**
   * Katello installed: {@code hypervisor}/{@code hypervisor_host} search fields, katello key in
   * ping.
   */
  public ForemanSandbox katello(boolean on) {
    state.katello = on;
    return this;
  }

  /** Failed-login lockout per source IP (default 30 failures, 5 minutes; limit 0 disables). */
  public ForemanSandbox failedLoginLockout(int limit, Duration lockout) {
    this.lockout.configure(limit, lockout);
    return this;
  }

  @Override
  public ForemanSandbox start(int port) {
    super.start(port);
    return this;
  }

  public int hostCount() {
    return state.inventory.size();
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
    if (e.status() == 503) {
      ObjectNode o = Json.object();
      o.put("message", e.getMessage());
      return Response.json(503, o);
    }
    if (e instanceof RailsParams.ParseError) {
      ObjectNode o = Json.object();
      o.put("status", 400);
      o.put("error", e.getMessage());
      return Response.json(400, o);
    }
    Response r = err(e.status(), e.getMessage());
    ObjectNode inner = (ObjectNode) r.body().get("error");
    if (e instanceof ScopedSearch.QueryError) {
      inner.put("class", "ScopedSearch::QueryNotSupported");
    }
    if (e instanceof ForemanState.MissingPermission mp) {
      inner.put("details", "Missing one of the required permissions: " + mp.permission);
      inner.putArray("missing_permissions").add(mp.permission);
    }
    if (e instanceof Paging.ParamError pe) {
      inner.put("parameter_name", pe.param);
    }
    return r;
  }

  /** The message of Foreman's 404 for a route it does not serve. */
  static String routeNotFound(Request req) {
    return "Route " + req.method() + " " + req.path() + " not found";
  }

  @Override
  protected Response unknownRoute(Request req) {
    return err(404, routeNotFound(req));
  }

  @Override
  protected Response authorize(Request req, Router.Match match) {
    if (match != null && match.route().template().equals("/api/ping")) {
      return null; // no authentication (foreman-api.md §3.2)
    }
    if (match != null && match.route().template().equals(APIDOC)) {
      return null; // Apipie's documentation asks for none (config/initializers/apipie.rb)
    }
    String ip = req.remote().getAddress().getHostAddress();
    long now = System.currentTimeMillis();
    if (lockout.locked(ip, now)) {
      return err(401, "Too many tries, please try again in a few minutes.");
    }
    String h = req.header("Authorization");
    BasicAuth auth = BasicAuth.parse(h);
    String login = auth == null ? "" : auth.login();
    ForemanUser u = state.users.get(login);
    if (auth == null || u == null || !u.accepts(auth.secret())) {
      if (h != null) {
        lockout.recordFailure(ip, now);
      }
      return err(401, "Unable to authenticate user " + login);
    }
    if (u.disabled()) {
      return err(401, "User account is disabled, please contact your administrator");
    }
    req.user(u.login());
    return null;
  }

  @Override
  protected ObjectNode stateJson() {
    ObjectNode o = Json.object();
    o.put("hosts", state.inventory.size());
    o.put("computeResources", HostInventory.COMPUTE_RESOURCES.size());
    o.put("puppetPlugin", state.puppetPlugin);
    o.put("katello", state.katello);
    ArrayNode u = o.putArray("users");
    state.users.values().forEach(x -> u.add(x.login()));
    o.set("lockedIps", lockout.toJson());
    return o;
  }

  @Override
  protected void resetData() {
    lockout.clear();
  }

  @Override
  protected Response extraAdmin(Request req) {
    if (req.path().equals(ADMIN_PREFIX + "foreman") && req.method().equals("POST")) {
      JsonNode doc = req.json();
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
    r.add("GET", APIDOC, req -> Response.ok(ApiDoc.document()));
    new HostRoutes(state).register(r);
    new ComputeResourceRoutes(state).register(r);
  }

  private Response ping(Request req) {
    ObjectNode o = Json.object();
    ObjectNode results = o.putObject("results");
    ObjectNode db = results.putObject("foreman").putObject("database");
    db.put("active", true);
    db.put("duration_ms", "0");
    if (state.katello) {
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
    ForemanUser u = state.current(req);
    ObjectNode o = Json.object();
    o.put("id", 1 + new ArrayList<>(state.users.keySet()).indexOf(u.login()));
    o.put("login", u.login());
    o.put("firstname", u.login());
    o.put("lastname", "");
    o.put("mail", u.login() + "@example.com");
    o.put("admin", u.admin());
    o.put("disabled", false);
    o.put("auth_source_name", "Internal");
    return Response.ok(o);
  }
}
