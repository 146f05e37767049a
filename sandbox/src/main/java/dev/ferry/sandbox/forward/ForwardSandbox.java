package dev.ferry.sandbox.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.BasicAuth;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.RateLimiter;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import dev.ferry.sandbox.forward.ForwardStore.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * In-memory stand-in for the Forward Networks REST API (26.6), per the reference forward-api.md and
 * forward-openapi-26.6.json. All routes under {@code /api}; HTTP Basic on every one of them. This
 * class holds the configuration, authentication and error shape; each resource's routes live in
 * their own class ({@link CollectorRoutes}, {@link NetworkRoutes}, {@link CredentialRoutes}, {@link
 * DeviceRoutes}, {@link EndpointRoutes}, {@link CollectionRoutes}).
 *
 * <p>Typical embedding:
 *
 * <pre>{@code
 * try (ForwardSandbox fwd = new ForwardSandbox().user("key", "secret")) {
 *     fwd.start(0);
 *     String base = fwd.baseUrl();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class ForwardSandbox extends SandboxHttpServer {
  public static final String VERSION = "26.6.0";
  public static final String RELEASE = "26.6.0-12";
  public static final String BUILD = "ee9b380";

  private final ForwardStore store = new ForwardStore();
  private final AccountPermissions permissions = new AccountPermissions();

  public ForwardSandbox() {
    super("forward");
  }

  // ------------------------------------------------------------------ configuration (Java API)

  /** Adds an API user (access key / secret key or login / password). */
  public ForwardSandbox user(String username, String secret) {
    store.users.put(username, secret);
    store.userIds.computeIfAbsent(username, u -> String.valueOf(40 + store.userIds.size()));
    return this;
  }

  /**
   * Adds an API token of an account: {@code accessKey} and {@code secretKey} authenticate as the
   * account {@code account}, whose name Forward shows as a network's {@code creator}.
   */
  public ForwardSandbox apiToken(String accessKey, String secretKey, String account) {
    store.accounts.put(accessKey, account);
    store.users.put(accessKey, secretKey);
    store.userIds.computeIfAbsent(account, u -> String.valueOf(40 + store.userIds.size()));
    return this;
  }

  /**
   * Takes org permissions away from an account: {@code MANAGE_COLLECTORS} and/or {@code
   * MANAGE_NETWORKS} ({@link AccountPermissions} lists the operations each guards).
   */
  public ForwardSandbox withoutPermissions(String username, String... permissions) {
    for (String p : permissions) {
      if (!p.equals(AccountPermissions.MANAGE_COLLECTORS)
          && !p.equals(AccountPermissions.MANAGE_NETWORKS)) {
        throw new IllegalArgumentException("unknown permission " + p);
      }
    }
    this.permissions.deny(username, Set.of(permissions));
    return this;
  }

  public ForwardSandbox orgId(String orgId) {
    store.orgId = orgId;
    return this;
  }

  public ForwardSandbox latency(Duration latency) {
    faults.latencyMs(latency.toMillis());
    return this;
  }

  /** SaaS limiter (forward-api.md §6): N requests per sliding minute per user, then a lockout. */
  public ForwardSandbox rateLimit(int perMinute, Duration lockout) {
    faults.rateLimit(perMinute, (int) Math.max(1, lockout.toSeconds()));
    return this;
  }

  /**
   * How long a collector task stays QUEUED, then RUNNING, and how long snapshot processing takes.
   */
  public ForwardSandbox collectionTiming(Duration queued, Duration running, Duration processing) {
    store.queuedMs = queued.toMillis();
    store.runningMs = running.toMillis();
    store.processingMs = processing.toMillis();
    return this;
  }

  /** Whether newly created collectors report CONNECTED (default true). */
  public ForwardSandbox collectorsConnected(boolean connected) {
    store.collectorsConnected = connected;
    synchronized (store.lock) {
      store.collectors.values().forEach(c -> c.connected = connected);
    }
    return this;
  }

  /** How long a collector task waits without a bound collector before it ends FAILED. */
  public ForwardSandbox unboundCollectionTimeout(Duration timeout) {
    store.unboundFailMs = timeout.toMillis();
    return this;
  }

  /** Final status of collector tasks: SUCCEEDED (default), FAILED, TIMED_OUT. */
  public ForwardSandbox collectionOutcome(String status) {
    store.collectionOutcome = status.toUpperCase(Locale.ROOT);
    return this;
  }

  /**
   * Device names the next collections find as neighbours of the network's modeled devices; those
   * not modeled themselves are the snapshot's missing devices ({@code getMissingDevices}).
   */
  public ForwardSandbox neighbours(String... names) {
    store.neighbours = List.of(names);
    return this;
  }

  @Override
  public ForwardSandbox start(int port) {
    super.start(port);
    return this;
  }

  // ------------------------------------------------------------------ inspection (Java API)

  public int networkCount() {
    synchronized (store.lock) {
      return store.networks.size();
    }
  }

  public int deviceCount(String networkId) {
    return countIn(networkId, n -> n.devices.size());
  }

  public int endpointCount(String networkId) {
    return countIn(networkId, n -> n.endpoints.size());
  }

  private int countIn(String networkId, ToIntFunction<Network> count) {
    synchronized (store.lock) {
      Network n = store.networks.get(networkId);
      return n == null ? 0 : count.applyAsInt(n);
    }
  }

  public int collectorCount() {
    synchronized (store.lock) {
      return store.collectors.size();
    }
  }

  // ------------------------------------------------------------------ routes

  @Override
  protected void routes(Router r) {
    r.add(
        "GET",
        "/api/version",
        req -> {
          ObjectNode o = Json.object();
          o.put("build", BUILD);
          o.put("release", RELEASE);
          o.put("version", VERSION);
          return Response.ok(o);
        });
    CollectionSources sources = new CollectionSources(store);
    new CollectorRoutes(store).register(r);
    new NetworkRoutes(store).register(r);
    new CredentialRoutes(store).register(r);
    new DeviceRoutes(store, sources).register(r);
    new EndpointRoutes(store, sources).register(r);
    new CollectionRoutes(store).register(r);
  }

  // ------------------------------------------------------------------ HTTP plumbing

  @Override
  protected Response authorize(Request req, Router.Match match) {
    String user = basicUser(req);
    if (user == null) {
      return errorInfo(req, 401, "Invalid username or password", null);
    }
    req.user(user);
    String missing = permissions.missing(user, req.method(), req.path());
    if (missing != null) {
      return errorInfo(req, 403, "Missing permission: OrgOperation." + missing, null);
    }
    RateLimiter rl = faults.rateLimiter();
    if (rl != null) {
      long retry = rl.acquire(user, System.currentTimeMillis());
      if (retry > 0) {
        return errorInfo(
                req,
                429,
                "Too many requests: rate limit of "
                    + rateLimitText(rl)
                    + " exceeded; retry after "
                    + retry
                    + " seconds",
                null)
            .header("Retry-After", String.valueOf(retry));
      }
    }
    return null;
  }

  private static String rateLimitText(RateLimiter rl) {
    return rl.toJson().path("requestsPerMinute").asInt() + " requests per minute";
  }

  private String basicUser(Request req) {
    BasicAuth auth = BasicAuth.parse(req.header("Authorization"));
    if (auth == null) {
      return null;
    }
    String secret = store.users.get(auth.login());
    return secret != null && secret.equals(auth.secret()) ? auth.login() : null;
  }

  @Override
  protected Response unknownRoute(Request req) {
    return errorInfo(req, 404, "No endpoint " + req.method() + " " + req.path() + ".", null);
  }

  @Override
  protected Response error(Request req, ApiError e) {
    return errorInfo(req, e.status(), e.getMessage(), e.reason());
  }

  private static Response errorInfo(Request req, int status, String message, String reason) {
    ObjectNode o = Json.object();
    o.put("httpMethod", req.method());
    o.put("apiUrl", req.path());
    o.put("message", message);
    if (reason != null) {
      o.put("reason", reason);
    }
    return Response.json(status, o);
  }

  // ------------------------------------------------------------------ admin

  @Override
  protected ObjectNode stateJson() {
    synchronized (store.lock) {
      ObjectNode o = Json.object();
      o.put("collectors", store.collectors.size());
      o.put("endpointProfiles", store.profiles.size());
      o.put("collectorTasks", store.tasks.size());
      ArrayNode nets = o.putArray("networks");
      for (Network n : store.networks.values()) {
        store.refresh(n, System.currentTimeMillis());
        ObjectNode x = nets.addObject();
        x.put("id", n.id);
        x.put("name", n.name);
        x.put("collectorUsername", n.collectorUsername);
        x.put("classicDevices", n.devices.size());
        x.put("endpoints", n.endpoints.size());
        x.put("cliCredentials", n.cliCredentials.size());
        x.put("snmpCredentials", n.snmpCredentials.size());
        x.put("jumpServers", n.jumpServers.size());
        x.put("snapshots", n.snapshots.size());
      }
      o.set("collection", collectionSwitches());
      return o;
    }
  }

  private ObjectNode collectionSwitches() {
    ObjectNode sw = Json.object();
    sw.put("queuedMs", store.queuedMs);
    sw.put("runningMs", store.runningMs);
    sw.put("processingMs", store.processingMs);
    sw.put("collectorsConnected", store.collectorsConnected);
    sw.put("outcome", store.collectionOutcome);
    sw.put("unboundFailMs", store.unboundFailMs);
    store.neighbours.forEach(sw.putArray("neighbours")::add);
    return sw;
  }

  @Override
  protected void resetData() {
    store.clear();
  }

  @Override
  protected Response extraAdmin(Request req) {
    if (req.path().equals(ADMIN_PREFIX + "forward")) {
      if (req.method().equals("POST")) {
        return adminForward(req);
      }
      if (req.method().equals("GET")) {
        return Response.ok(stateJson().get("collection"));
      }
    }
    return null;
  }

  /** Forward-specific switches accepted by {@code POST /__sandbox/forward}. */
  private Response adminForward(Request req) {
    JsonNode doc = req.json();
    if (doc != null) {
      if (doc.has("queuedMs")) {
        store.queuedMs = doc.get("queuedMs").asLong();
      }
      if (doc.has("runningMs")) {
        store.runningMs = doc.get("runningMs").asLong();
      }
      if (doc.has("processingMs")) {
        store.processingMs = doc.get("processingMs").asLong();
      }
      if (doc.has("collectorsConnected")) {
        collectorsConnected(doc.get("collectorsConnected").asBoolean());
      }
      if (doc.has("unboundFailMs")) {
        store.unboundFailMs = doc.get("unboundFailMs").asLong();
      }
      if (doc.has("outcome")) {
        collectionOutcome(doc.get("outcome").asText());
      }
      if (doc.has("neighbours")) {
        List<String> names = new ArrayList<>();
        doc.get("neighbours").forEach(name -> names.add(name.asText()));
        store.neighbours = List.copyOf(names);
      }
      if (doc.has("withoutPermissions")) {
        doc.get("withoutPermissions")
            .fields()
            .forEachRemaining(
                e -> {
                  List<String> lacking = new ArrayList<>();
                  e.getValue().forEach(p -> lacking.add(p.asText()));
                  withoutPermissions(e.getKey(), lacking.toArray(String[]::new));
                });
      }
      if (doc.has("users")) {
        doc.get("users").fields().forEachRemaining(e -> user(e.getKey(), e.getValue().asText()));
      }
    }
    return Response.ok(stateJson().get("collection"));
  }
}
