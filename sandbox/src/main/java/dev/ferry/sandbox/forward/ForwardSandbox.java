package dev.ferry.sandbox.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.RateLimiter;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * In-memory stand-in for the Forward Networks REST API (26.6), per the reference forward-api.md and
 * forward-openapi-26.6.json. All routes under {@code /api}; HTTP Basic on every one of them.
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

  private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Object lock = new Object();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final Map<String, String> userIds = new ConcurrentHashMap<>();
  private volatile String orgId = "7";

  // collection switches
  private volatile long queuedMs = 300;
  private volatile long runningMs = 1500;
  private volatile long processingMs = 300;
  private volatile boolean collectorsConnected = true;
  private volatile String collectionOutcome = "SUCCEEDED";

  // state (guarded by lock)
  private final Map<String, Collector> collectors = new LinkedHashMap<>();
  private final Map<String, Network> networks = new LinkedHashMap<>();
  private final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private long nextNetwork = 100;
  private long nextCollector = 1;
  private long nextCli = 1;
  private long nextSnmp = 1;
  private long nextJump = 1;
  private long nextProfile = 1;
  private long nextTask = 1000;
  private long nextSnapshot = 400;

  public ForwardSandbox() {
    super("forward");
  }

  // ------------------------------------------------------------------ configuration (Java API)

  /** Adds an API user (access key / secret key or login / password). */
  public ForwardSandbox user(String username, String secret) {
    users.put(username, secret);
    userIds.computeIfAbsent(username, u -> String.valueOf(40 + userIds.size()));
    return this;
  }

  public ForwardSandbox orgId(String orgId) {
    this.orgId = orgId;
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
    this.queuedMs = queued.toMillis();
    this.runningMs = running.toMillis();
    this.processingMs = processing.toMillis();
    return this;
  }

  /** Whether newly created collectors report CONNECTED (default true). */
  public ForwardSandbox collectorsConnected(boolean connected) {
    this.collectorsConnected = connected;
    synchronized (lock) {
      collectors.values().forEach(c -> c.connected = connected);
    }
    return this;
  }

  /** Final status of collector tasks: SUCCEEDED (default), FAILED, TIMED_OUT. */
  public ForwardSandbox collectionOutcome(String status) {
    this.collectionOutcome = status.toUpperCase(Locale.ROOT);
    return this;
  }

  @Override
  public ForwardSandbox start(int port) {
    super.start(port);
    return this;
  }

  // ------------------------------------------------------------------ inspection (Java API)

  public int networkCount() {
    synchronized (lock) {
      return networks.size();
    }
  }

  public int deviceCount(String networkId) {
    synchronized (lock) {
      Network n = networks.get(networkId);
      return n == null ? 0 : n.devices.size();
    }
  }

  public int endpointCount(String networkId) {
    synchronized (lock) {
      Network n = networks.get(networkId);
      return n == null ? 0 : n.endpoints.size();
    }
  }

  public int collectorCount() {
    synchronized (lock) {
      return collectors.size();
    }
  }

  // ------------------------------------------------------------------ model

  private static final class Collector {
    String id;
    String name;
    String username;
    String secret;
    long createdAt;
    boolean connected;
  }

  private static final class Network {
    String id;
    String name;
    String creator;
    String creatorId;
    long createdAt;
    String note;
    Integer retentionDays;
    String collectorUsername;
    long boundAt;
    final Map<String, ObjectNode> devices = new LinkedHashMap<>(); // key: lower-case name
    final Map<String, ObjectNode> endpoints = new LinkedHashMap<>(); // key: lower-case name
    final Map<String, ObjectNode> cliCredentials = new LinkedHashMap<>();
    final Map<String, ObjectNode> snmpCredentials = new LinkedHashMap<>();
    final Map<String, ObjectNode> jumpServers = new LinkedHashMap<>();
    final List<Snapshot> snapshots = new ArrayList<>();
  }

  private static final class Task {
    String id;
    String networkId;
    String networkName;
    String createdBy;
    String createdById;
    long createdAt;
    long startedAt;
    long finishedAt;
    String status = "QUEUED";
  }

  private static final class Snapshot {
    String id;
    long createdAt;
    long processedAt;
  }

  // ------------------------------------------------------------------ HTTP plumbing

  @Override
  protected Response authorize(Request req, Router.Match match) {
    String user = basicUser(req);
    if (user == null) {
      return errorInfo(req, 401, "Invalid username or password", null);
    }
    req.user(user);
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
    String h = req.header("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String u = decoded.substring(0, colon);
    String secret = users.get(u);
    return secret != null && secret.equals(decoded.substring(colon + 1)) ? u : null;
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

  @Override
  protected ObjectNode stateJson() {
    synchronized (lock) {
      ObjectNode o = Json.object();
      o.put("collectors", collectors.size());
      o.put("endpointProfiles", profiles.size());
      o.put("collectorTasks", tasks.size());
      ArrayNode nets = o.putArray("networks");
      for (Network n : networks.values()) {
        refresh(n, System.currentTimeMillis());
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
      ObjectNode sw = o.putObject("collection");
      sw.put("queuedMs", queuedMs);
      sw.put("runningMs", runningMs);
      sw.put("processingMs", processingMs);
      sw.put("collectorsConnected", collectorsConnected);
      sw.put("outcome", collectionOutcome);
      return o;
    }
  }

  @Override
  protected void resetData() {
    synchronized (lock) {
      collectors.clear();
      networks.clear();
      profiles.clear();
      tasks.clear();
    }
  }

  /** Forward-specific switches accepted by {@code POST /__sandbox/forward}. */
  private Response adminForward(Request req) {
    JsonNode doc = req.json();
    if (doc != null) {
      if (doc.has("queuedMs")) {
        queuedMs = doc.get("queuedMs").asLong();
      }
      if (doc.has("runningMs")) {
        runningMs = doc.get("runningMs").asLong();
      }
      if (doc.has("processingMs")) {
        processingMs = doc.get("processingMs").asLong();
      }
      if (doc.has("collectorsConnected")) {
        collectorsConnected(doc.get("collectorsConnected").asBoolean());
      }
      if (doc.has("outcome")) {
        collectionOutcome(doc.get("outcome").asText());
      }
      if (doc.has("users")) {
        doc.get("users").fields().forEachRemaining(e -> user(e.getKey(), e.getValue().asText()));
      }
    }
    return Response.ok(stateJson().get("collection"));
  }

  private static String ts(long ms) {
    return TS.format(Instant.ofEpochMilli(ms));
  }

  private String secret(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Stand-in for the system-generated identifier Forward returns instead of a secret. */
  private String secretRef() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return "secret-" + HexFormat.of().formatHex(b);
  }

  private Router.Handler locked(Router.Handler h) {
    return req -> {
      synchronized (lock) {
        return h.handle(req);
      }
    };
  }

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
    r.add("GET", "/api/collectors", locked(this::listCollectors));
    r.add("POST", "/api/collectors", locked(this::createCollector));
    r.add("GET", "/api/collectors/{idOrName}", locked(this::getCollector));
    r.add("DELETE", "/api/collectors/{idOrName}", locked(this::deleteCollector));

    r.add("GET", "/api/networks", locked(this::listNetworks));
    r.add("POST", "/api/networks", locked(this::createNetwork));
    r.add("PATCH", "/api/networks/{networkId}", locked(this::patchNetwork));
    r.add("DELETE", "/api/networks/{networkId}", locked(this::deleteNetwork));

    r.add("GET", "/api/networks/{networkId}/collector", locked(this::getBinding));
    r.add("PUT", "/api/networks/{networkId}/collector", locked(this::putBinding));
    r.add("DELETE", "/api/networks/{networkId}/collector", locked(this::deleteBinding));

    r.add("GET", "/api/networks/{networkId}/cli-credentials", locked(this::listCli));
    r.add("POST", "/api/networks/{networkId}/cli-credentials", locked(this::createCli));
    r.add("PATCH", "/api/networks/{networkId}/cli-credentials", locked(this::batchCreateCli));
    r.add("GET", "/api/networks/{networkId}/cli-credentials/{credentialId}", locked(this::getCli));
    r.add(
        "PATCH",
        "/api/networks/{networkId}/cli-credentials/{credentialId}",
        locked(this::patchCli));
    r.add(
        "DELETE",
        "/api/networks/{networkId}/cli-credentials/{credentialId}",
        locked(this::deleteCli));

    r.add("GET", "/api/networks/{networkId}/snmpCredentials", locked(this::listSnmp));
    r.add("POST", "/api/networks/{networkId}/snmpCredentials", locked(this::createSnmp));
    r.add(
        "PATCH",
        "/api/networks/{networkId}/snmpCredentials/{credentialId}",
        locked(this::patchSnmp));
    r.add(
        "DELETE",
        "/api/networks/{networkId}/snmpCredentials/{credentialId}",
        locked(this::deleteSnmp));

    r.add("GET", "/api/networks/{networkId}/jumpServers", locked(this::listJump));
    r.add("POST", "/api/networks/{networkId}/jumpServers", locked(this::createJump));
    r.add("PATCH", "/api/networks/{networkId}/jumpServers/{jumpServerId}", locked(this::patchJump));
    r.add(
        "DELETE", "/api/networks/{networkId}/jumpServers/{jumpServerId}", locked(this::deleteJump));

    r.add("GET", "/api/networks/{networkId}/classic-devices", locked(this::listDevices));
    r.add("POST", "/api/networks/{networkId}/classic-devices", locked(this::postDevices));
    r.add("PATCH", "/api/networks/{networkId}/classic-devices", locked(this::patchDevices));
    r.add("GET", "/api/networks/{networkId}/classic-devices/{deviceName}", locked(this::getDevice));
    r.add("PUT", "/api/networks/{networkId}/classic-devices/{deviceName}", locked(this::putDevice));
    r.add(
        "PATCH",
        "/api/networks/{networkId}/classic-devices/{deviceName}",
        locked(this::patchDevice));
    r.add(
        "DELETE",
        "/api/networks/{networkId}/classic-devices/{deviceName}",
        locked(this::deleteDevice));

    r.add("GET", "/api/endpoint-profiles", locked(this::listProfiles));
    r.add("POST", "/api/endpoint-profiles", locked(this::createProfile));
    r.add("PATCH", "/api/endpoint-profiles/CLI-{n}", locked(this::patchProfile));
    r.add("GET", "/api/endpoint-profiles/{profileId}", locked(this::getProfile));
    r.add("DELETE", "/api/endpoint-profiles/{profileId}", locked(this::deleteProfile));

    r.add("GET", "/api/networks/{networkId}/endpoints", locked(this::listEndpoints));
    r.add("POST", "/api/networks/{networkId}/endpoints", locked(this::postEndpoints));
    r.add("PATCH", "/api/networks/{networkId}/endpoints", locked(this::patchEndpoints));
    r.add("GET", "/api/networks/{networkId}/endpoints/{endpointName}", locked(this::getEndpoint));
    r.add(
        "PATCH", "/api/networks/{networkId}/endpoints/{endpointName}", locked(this::patchEndpoint));
    r.add(
        "DELETE",
        "/api/networks/{networkId}/endpoints/{endpointName}",
        locked(this::deleteEndpoint));

    r.add("POST", "/api/collector-tasks", locked(this::createTask));
    r.add("GET", "/api/collector-tasks/{taskId}", locked(this::getTask));
    r.add("POST", "/api/networks/{networkId}/startcollection", locked(this::startCollection));
    r.add("GET", "/api/networks/{networkId}/snapshots", locked(this::listSnapshots));
    r.add(
        "GET",
        "/api/networks/{networkId}/snapshots/latestProcessed",
        locked(this::latestProcessed));
    // GET /api/networks/{id}/collector/status is deliberately absent: retired, 404 (forward-api.md
    // §3.4, §7)
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

  // ------------------------------------------------------------------ helpers

  private Network network(Request req) {
    String id = req.param("networkId");
    Network n = networks.get(id);
    if (n == null) {
      throw ApiError.notFound("Network " + id + " not found");
    }
    refresh(n, System.currentTimeMillis());
    return n;
  }

  private static ArrayNode requireArray(JsonNode body, String elementClass) {
    if (body == null) {
      throw ApiError.badRequest(
          "No content to map due to end-of-input (expected List<" + elementClass + ">)");
    }
    if (!body.isArray()) {
      throw ApiError.badRequest(
          "Cannot deserialize value of type `java.util.List<"
              + elementClass
              + ">` from "
              + Schema.tokenName(body)
              + " value (token `JsonToken.START_OBJECT`)");
    }
    return (ArrayNode) body;
  }

  private static List<String> names(JsonNode body, Schema schema) {
    ObjectNode o = schema.create(body);
    List<String> out = new ArrayList<>();
    o.path("names").forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void checkSourceName(String name) {
    if (!SOURCE_NAME.matcher(name).matches()) {
      throw ApiError.badRequest(
          "Invalid name \""
              + name
              + "\": may consist of letters, digits, dots, hyphens, and underscores");
    }
  }

  private void attribute(ObjectNode o, Request req, boolean created) {
    long now = System.currentTimeMillis();
    String uid = userIds.getOrDefault(req.user(), "0");
    if (created) {
      o.put("createdById", uid);
      o.put("createdAt", ts(now));
      o.put("createdBy", req.user());
    }
    o.put("updatedById", uid);
    o.put("updatedAt", ts(now));
    o.put("updatedBy", req.user());
  }

  private static ObjectNode withoutAttribution(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    c.remove(
        List.of("createdById", "createdAt", "createdBy", "updatedById", "updatedAt", "updatedBy"));
    return c;
  }

  private static void applyPatch(ObjectNode target, ObjectNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                target.remove(e.getKey());
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }

  /**
   * References a device/endpoint may carry must exist (forward-api.md §4 "jump server … not found",
   * §12.9).
   */
  private static void checkRefs(Network n, ObjectNode src, String cliField) {
    String js = src.path("jumpServerId").asText(null);
    if (js != null && !n.jumpServers.containsKey(js)) {
      throw ApiError.badRequest("jump server " + js + " not found");
    }
    for (String f : List.of(cliField, "cliCredential2Id", "cliCredential3Id")) {
      String id = src.path(f).asText(null);
      if (id != null && !n.cliCredentials.containsKey(id)) {
        throw ApiError.badRequest("CLI credential " + id + " not found");
      }
    }
    String snmp = src.path("snmpCredentialId").asText(null);
    if (snmp != null && !n.snmpCredentials.containsKey(snmp)) {
      throw ApiError.badRequest("SNMP credential " + snmp + " not found");
    }
  }

  private static String nameTakenMessage(String name) {
    return "A collection source named \"" + name + "\" already exists in this network";
  }

  // ------------------------------------------------------------------ collectors (unpublished,
  // §3.2)

  private ObjectNode collectorJson(Collector c) {
    ObjectNode o = Json.object();
    o.put("id", c.id);
    o.put("name", c.name);
    o.put("username", c.username);
    o.put("connected", c.connected);
    o.put("connectionStatus", c.connected ? "CONNECTED" : "DISCONNECTED");
    if (c.connected) {
      o.put("lastConnectedAt", ts(c.createdAt));
      o.put("version", RELEASE);
      o.put("externalIp", "198.51.100.10");
      o.putArray("internalIps").add("10.42.1.17");
    }
    o.put("collectorUpdating", false);
    return o;
  }

  private Collector findCollector(String idOrName) {
    for (Collector c : collectors.values()) {
      if (c.id.equals(idOrName) || c.name.equals(idOrName)) {
        return c;
      }
    }
    return null;
  }

  private Response listCollectors(Request req) {
    ArrayNode a = Json.array();
    collectors.values().forEach(c -> a.add(collectorJson(c)));
    return Response.ok(a);
  }

  private Response createCollector(Request req) {
    ObjectNode body = ForwardSchemas.NEW_COLLECTOR.create(req.json());
    String name = body.get("collectorName").asText();
    for (Collector c : collectors.values()) {
      if (c.name.equalsIgnoreCase(name)) {
        throw ApiError.badRequest("Collector named " + name + " already exists");
      }
    }
    Collector c = new Collector();
    c.id = "c-" + nextCollector++;
    c.name = name;
    byte[] b = new byte[4];
    random.nextBytes(b);
    c.username = "collector-" + HexFormat.of().formatHex(b);
    c.secret = secret(24);
    c.createdAt = System.currentTimeMillis();
    c.connected = collectorsConnected;
    collectors.put(c.id, c);
    ObjectNode o = Json.object();
    o.put("id", c.id);
    o.put("name", c.name);
    o.put("username", c.username);
    o.put("authorizationKey", c.username + ":" + c.secret);
    return Response.ok(o);
  }

  private Response getCollector(Request req) {
    Collector c = findCollector(req.param("idOrName"));
    if (c == null) {
      throw ApiError.notFound("Collector " + req.param("idOrName") + " not found");
    }
    return Response.ok(collectorJson(c));
  }

  private Response deleteCollector(Request req) {
    Collector c = findCollector(req.param("idOrName"));
    if (c == null) {
      throw ApiError.notFound("Collector " + req.param("idOrName") + " not found");
    }
    collectors.remove(c.id);
    networks
        .values()
        .forEach(
            n -> {
              if (c.username.equals(n.collectorUsername)) {
                n.collectorUsername = null;
              }
            });
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ networks (§3.3)

  private ObjectNode networkJson(Network n) {
    ObjectNode o = Json.object();
    o.put("id", n.id);
    o.put("name", n.name);
    o.put("orgId", orgId);
    o.put("creator", n.creator);
    o.put("creatorId", n.creatorId);
    o.put("createdAt", ts(n.createdAt));
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
    networks.values().forEach(n -> a.add(networkJson(n)));
    return Response.ok(a);
  }

  private void checkNetworkName(String name, String exceptId) {
    for (Network n : networks.values()) {
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
    n.creator = req.user();
    n.creatorId = userIds.getOrDefault(req.user(), "0");
    n.createdAt = System.currentTimeMillis();
    networks.put(n.id, n);
    return Response.ok(networkJson(n));
  }

  private Response patchNetwork(Request req) {
    Network n = network(req);
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
    return Response.ok(networkJson(n));
  }

  private Response deleteNetwork(Request req) {
    Network n = network(req);
    networks.remove(n.id);
    tasks.values().removeIf(t -> t.networkId.equals(n.id));
    return Response.ok(networkJson(n));
  }

  // ------------------------------------------------------------------ binding (§3.4)

  private Response getBinding(Request req) {
    Network n = network(req);
    ObjectNode o = Json.object();
    if (n.collectorUsername != null) {
      for (Collector c : collectors.values()) {
        if (c.username.equals(n.collectorUsername)) {
          o.put("id", c.id);
          o.put("name", c.name);
          o.put("username", c.username);
          o.put("connectionStatus", c.connected ? "CONNECTED" : "DISCONNECTED");
        }
      }
    }
    return Response.ok(o);
  }

  private Response putBinding(Request req) {
    Network n = network(req);
    ObjectNode body = ForwardSchemas.COLLECTOR_BINDING.create(req.json());
    String username = body.get("username").asText();
    Collector found = null;
    for (Collector c : collectors.values()) {
      if (c.username.equals(username)) {
        found = c;
      }
    }
    if (found == null) {
      throw ApiError.badRequest("No collector configured with username \"" + username + "\"");
    }
    n.collectorUsername = username;
    n.boundAt = System.currentTimeMillis();
    return getBinding(req);
  }

  private Response deleteBinding(Request req) {
    Network n = network(req);
    n.collectorUsername = null;
    return Response.ok(Json.object());
  }

  // ------------------------------------------------------------------ CLI credentials (§3.5)

  private ObjectNode newCli(Network n, JsonNode raw, Request req) {
    ObjectNode c = ForwardSchemas.NEW_CLI_CREDENTIAL.create(raw);
    String type = c.get("type").asText();
    if ((type.equals("LOGIN") || type.equals("SHELL")) && !c.hasNonNull("username")) {
      throw ApiError.badRequest(
          "Missing required property \"username\" for a " + type + " credential");
    }
    if (c.has("privilegedModePasswordId") && !type.equals("LOGIN")) {
      throw ApiError.badRequest(
          "\"privilegedModePasswordId\" is only allowed for LOGIN credentials");
    }
    if (c.has("privilegeLevel") && !type.equals("PRIVILEGED_MODE")) {
      throw ApiError.badRequest(
          "\"privilegeLevel\" is only allowed for PRIVILEGED_MODE credentials");
    }
    String name = c.get("name").asText();
    for (ObjectNode existing : n.cliCredentials.values()) {
      if (existing.get("name").asText().equalsIgnoreCase(name)) {
        throw ApiError.conflict(
            "CLI credential name \""
                + name
                + "\" is already used by credential "
                + existing.get("id").asText());
      }
    }
    ObjectNode stored = Json.object();
    stored.put("id", "L-" + nextCli++);
    stored.setAll(c);
    stored.put("password", secretRef());
    if (!stored.has("autoAssociate")) {
      stored.put("autoAssociate", true);
    }
    attribute(stored, req, true);
    n.cliCredentials.put(stored.get("id").asText(), stored);
    return stored;
  }

  private Response listCli(Request req) {
    ArrayNode a = Json.array();
    network(req).cliCredentials.values().forEach(a::add);
    return Response.ok(a);
  }

  private Response createCli(Request req) {
    Network n = network(req);
    return Response.ok(withoutAttribution(newCli(n, req.json(), req)));
  }

  private Response batchCreateCli(Request req) {
    Network n = network(req);
    ArrayNode in = requireArray(req.json(), "NewCliCredential");
    // validate all first (atomic): run against a scratch copy of the names
    ArrayNode out = Json.array();
    List<String> added = new ArrayList<>();
    try {
      for (JsonNode c : in) {
        ObjectNode s = newCli(n, c, req);
        added.add(s.get("id").asText());
        out.add(s);
      }
    } catch (ApiError e) {
      added.forEach(n.cliCredentials::remove);
      throw e;
    }
    return Response.ok(out);
  }

  private ObjectNode cli(Request req, Network n) {
    ObjectNode c = n.cliCredentials.get(req.param("credentialId"));
    if (c == null) {
      throw ApiError.notFound("CLI credential " + req.param("credentialId") + " not found");
    }
    return c;
  }

  private Response getCli(Request req) {
    return Response.ok(cli(req, network(req)));
  }

  private Response patchCli(Request req) {
    Network n = network(req);
    ObjectNode c = cli(req, n);
    ObjectNode p = ForwardSchemas.CLI_CREDENTIAL_UPDATE.patch(req.json());
    if (p.hasNonNull("name")) {
      String name = p.get("name").asText();
      for (ObjectNode other : n.cliCredentials.values()) {
        if (other != c && other.get("name").asText().equalsIgnoreCase(name)) {
          throw ApiError.conflict(
              "CLI credential name \""
                  + name
                  + "\" is already used by credential "
                  + other.get("id").asText());
        }
      }
    }
    if (p.hasNonNull("password")) {
      p.put("password", secretRef());
    }
    applyPatch(c, p);
    attribute(c, req, false);
    return Response.ok(c);
  }

  private Response deleteCli(Request req) {
    Network n = network(req);
    ObjectNode c = cli(req, n);
    n.cliCredentials.remove(c.get("id").asText());
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ SNMP credentials
  // (unpublished, §3.6)

  private Response listSnmp(Request req) {
    ArrayNode a = Json.array();
    network(req).snmpCredentials.values().forEach(a::add);
    return Response.ok(a);
  }

  private void checkSnmp(ObjectNode c) {
    String v = c.path("version").asText();
    if (v.equals("V2C")) {
      if (!c.hasNonNull("communityString")) {
        throw ApiError.badRequest("V2C credentials require \"communityString\"");
      }
      if (c.has("authSettings")) {
        throw ApiError.badRequest("V2C credentials do not accept \"authSettings\"");
      }
    } else if (v.equals("V3")) {
      if (!c.hasNonNull("authSettings")) {
        throw ApiError.badRequest("V3 credentials require \"authSettings\"");
      }
      if (c.has("communityString")) {
        throw ApiError.badRequest("V3 credentials do not accept \"communityString\"");
      }
    }
  }

  private void maskSnmp(ObjectNode c) {
    if (c.hasNonNull("communityString")) {
      c.put("communityString", secretRef());
    }
    if (c.get("authSettings") instanceof ObjectNode a) {
      for (String f : List.of("password", "privacyPassword")) {
        if (a.hasNonNull(f)) {
          a.put(f, secretRef());
        }
      }
    }
  }

  private Response createSnmp(Request req) {
    Network n = network(req);
    ObjectNode c = ForwardSchemas.NEW_SNMP_CREDENTIAL.create(req.json());
    checkSnmp(c);
    String name = c.get("name").asText();
    for (ObjectNode e : n.snmpCredentials.values()) {
      if (e.get("name").asText().equalsIgnoreCase(name)) {
        throw ApiError.conflict(
            "SNMP credential name \""
                + name
                + "\" is already used by credential "
                + e.get("id").asText());
      }
    }
    ObjectNode stored = Json.object();
    stored.put("id", "S-" + nextSnmp++);
    stored.setAll(c);
    maskSnmp(stored);
    if (!stored.has("autoAssociate")) {
      stored.put("autoAssociate", true);
    }
    n.snmpCredentials.put(stored.get("id").asText(), stored);
    return Response.ok(stored);
  }

  private Response patchSnmp(Request req) {
    Network n = network(req);
    ObjectNode c = n.snmpCredentials.get(req.param("credentialId"));
    if (c == null) {
      throw ApiError.notFound("SNMP credential " + req.param("credentialId") + " not found");
    }
    ObjectNode p = ForwardSchemas.SNMP_CREDENTIAL_UPDATE.patch(req.json());
    ObjectNode merged = c.deepCopy();
    applyPatch(merged, p);
    checkSnmp(merged);
    maskSnmp(p);
    applyPatch(c, p);
    return Response.ok(c);
  }

  private Response deleteSnmp(Request req) {
    Network n = network(req);
    if (n.snmpCredentials.remove(req.param("credentialId")) == null) {
      throw ApiError.notFound("SNMP credential " + req.param("credentialId") + " not found");
    }
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ jump servers (§3.7)

  private void maskJump(ObjectNode j) {
    for (String f : List.of("password", "sshKey", "sshCert")) {
      if (j.hasNonNull(f)) {
        j.put(f, secretRef());
      }
    }
  }

  private static void checkJump(ObjectNode j) {
    if (!j.hasNonNull("password") && !j.hasNonNull("sshKey")) {
      throw ApiError.badRequest("A jump server requires either \"password\" or \"sshKey\"");
    }
    if (j.hasNonNull("sshCert") && !j.hasNonNull("sshKey")) {
      throw ApiError.badRequest("\"sshCert\" requires \"sshKey\"");
    }
  }

  private Response listJump(Request req) {
    ArrayNode a = Json.array();
    network(req).jumpServers.values().forEach(a::add);
    return Response.ok(a);
  }

  private Response createJump(Request req) {
    Network n = network(req);
    ObjectNode j = ForwardSchemas.NEW_JUMP_SERVER.create(req.json());
    checkJump(j);
    ObjectNode stored = Json.object();
    stored.put("id", "J-" + nextJump++);
    stored.setAll(j);
    maskJump(stored);
    attribute(stored, req, true);
    n.jumpServers.put(stored.get("id").asText(), stored);
    return Response.ok(withoutAttribution(stored));
  }

  private Response patchJump(Request req) {
    Network n = network(req);
    ObjectNode j = n.jumpServers.get(req.param("jumpServerId"));
    if (j == null) {
      throw ApiError.notFound("jump server " + req.param("jumpServerId") + " not found");
    }
    ObjectNode p = ForwardSchemas.JUMP_SERVER_UPDATE.patch(req.json());
    ObjectNode merged = j.deepCopy();
    applyPatch(merged, p);
    checkJump(merged);
    maskJump(p);
    applyPatch(j, p);
    attribute(j, req, false);
    return Response.ok(Json.object());
  }

  private Response deleteJump(Request req) {
    Network n = network(req);
    if (n.jumpServers.remove(req.param("jumpServerId")) == null) {
      throw ApiError.notFound("jump server " + req.param("jumpServerId") + " not found");
    }
    return Response.ok(Json.object());
  }

  // ------------------------------------------------------------------ classic devices (§3.8)

  private ObjectNode validateDevice(Network n, JsonNode raw) {
    ObjectNode d = ForwardSchemas.NEW_CLASSIC_DEVICE.create(raw);
    checkSourceName(d.get("name").asText());
    if (d.hasNonNull("prompt") && !d.hasNonNull("promptResponse")) {
      throw ApiError.badRequest("\"promptResponse\" is required when \"prompt\" is set");
    }
    checkRefs(n, d, "cliCredentialId");
    return d;
  }

  private ObjectNode storeDevice(Network n, ObjectNode d, Request req, boolean upsert) {
    String key = d.get("name").asText().toLowerCase(Locale.ROOT);
    if (n.endpoints.containsKey(key)) {
      throw ApiError.conflict(nameTakenMessage(d.get("name").asText()));
    }
    ObjectNode existing = n.devices.get(key);
    if (existing != null && !upsert) {
      throw ApiError.conflict(nameTakenMessage(d.get("name").asText()));
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
      attribute(stored, req, false);
    } else {
      attribute(stored, req, true);
    }
    n.devices.put(key, stored);
    return stored;
  }

  /** Validates a whole batch (incl. duplicate names inside it) before changing anything. */
  private List<ObjectNode> validateDeviceBatch(Network n, JsonNode body, boolean upsert) {
    ArrayNode arr = requireArray(body, "NewClassicDevice");
    List<ObjectNode> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonNode raw : arr) {
      ObjectNode d = validateDevice(n, raw);
      String key = d.get("name").asText().toLowerCase(Locale.ROOT);
      if (!seen.add(key)) {
        throw ApiError.badRequest("Duplicate name \"" + d.get("name").asText() + "\" in request");
      }
      if (n.endpoints.containsKey(key) || (!upsert && n.devices.containsKey(key))) {
        throw ApiError.conflict(nameTakenMessage(d.get("name").asText()));
      }
      out.add(d);
    }
    return out;
  }

  private Response listDevices(Request req) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("devices");
    network(req).devices.values().forEach(a::add);
    return Response.ok(o);
  }

  private Response postDevices(Request req) {
    Network n = network(req);
    String action = req.query("action");
    if (action == null) {
      ObjectNode d = validateDevice(n, req.json());
      return Response.json(201, storeDevice(n, d, req, false));
    }
    switch (action) {
      case "putBatch":
        {
          for (ObjectNode d : validateDeviceBatch(n, req.json(), true)) {
            storeDevice(n, d, req, true);
          }
          return Response.empty(204);
        }
      case "addBatch":
        {
          for (ObjectNode d : validateDeviceBatch(n, req.json(), false)) {
            storeDevice(n, d, req, false);
          }
          return Response.empty(204);
        }
      case "getBatch":
        {
          ObjectNode o = Json.object();
          ArrayNode a = o.putArray("devices");
          for (String name : names(req.json(), ForwardSchemas.DEVICE_NAMES)) {
            ObjectNode d = n.devices.get(name.toLowerCase(Locale.ROOT));
            if (d != null) {
              a.add(d);
            }
          }
          return Response.ok(o);
        }
      case "deleteBatch":
        {
          for (String name : names(req.json(), ForwardSchemas.DEVICE_CRITERIA)) {
            n.devices.remove(name.toLowerCase(Locale.ROOT));
          }
          return Response.empty(204);
        }
      case "deleteAll":
        n.devices.clear();
        return Response.empty(204);
      default:
        throw ApiError.badRequest("Unsupported action \"" + action + "\"");
    }
  }

  private Response patchDevices(Request req) {
    Network n = network(req);
    ObjectNode body = ForwardSchemas.CLASSIC_DEVICES_PATCH.create(req.json());
    ObjectNode update =
        ForwardSchemas.CLASSIC_DEVICE_PATCH.patch(
            body.path("update").isMissingNode() ? Json.object() : body.get("update"));
    if (update.has("name")) {
      throw ApiError.badRequest("\"name\" cannot be changed in a batch update");
    }
    List<ObjectNode> targets = new ArrayList<>();
    for (JsonNode nm : body.path("names")) {
      ObjectNode d = n.devices.get(nm.asText().toLowerCase(Locale.ROOT));
      if (d == null) {
        throw ApiError.notFound("Classic device " + nm.asText() + " not found");
      }
      targets.add(d);
    }
    ObjectNode probe = update.deepCopy();
    checkRefs(n, probe, "cliCredentialId");
    for (ObjectNode d : targets) {
      applyPatch(d, update);
      attribute(d, req, false);
    }
    return Response.empty(204);
  }

  private ObjectNode device(Request req, Network n) {
    ObjectNode d = n.devices.get(req.param("deviceName").toLowerCase(Locale.ROOT));
    if (d == null) {
      throw ApiError.notFound("Classic device " + req.param("deviceName") + " not found");
    }
    return d;
  }

  private Response getDevice(Request req) {
    return Response.ok(device(req, network(req)));
  }

  private Response putDevice(Request req) {
    Network n = network(req);
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
    Network n = network(req);
    ObjectNode d = device(req, n);
    ObjectNode p = ForwardSchemas.CLASSIC_DEVICE_PATCH.patch(req.json());
    checkRefs(n, p, "cliCredentialId");
    return Response.ok(patchSource(n, n.devices, d, p, req));
  }

  private Response deleteDevice(Request req) {
    Network n = network(req);
    ObjectNode d = device(req, n);
    n.devices.remove(d.get("name").asText().toLowerCase(Locale.ROOT));
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ endpoint profiles (§3.9)

  private Response listProfiles(Request req) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("profiles");
    profiles.values().forEach(a::add);
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
    String type = req.query("type");
    if (type == null) {
      throw ApiError.badRequest("Missing required query parameter \"type\"");
    }
    if (!type.equals("CLI")) {
      throw ApiError.badRequest("The sandbox implements only type=CLI endpoint profiles");
    }
    ObjectNode p = ForwardSchemas.CLI_PROFILE_DEF.create(req.json());
    if (!p.get("type").asText().equals("CLI")) {
      throw ApiError.badRequest(
          "Profile type \"" + p.get("type").asText() + "\" does not match type=CLI");
    }
    checkCommandSets(p);
    String name = p.get("name").asText();
    for (ObjectNode e : profiles.values()) {
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
    attribute(stored, req, true);
    profiles.put(stored.get("id").asText(), stored);
    return Response.ok(stored);
  }

  private ObjectNode profile(String id) {
    ObjectNode p = profiles.get(id);
    if (p == null) {
      throw ApiError.notFound("Endpoint profile " + id + " not found");
    }
    return p;
  }

  private Response getProfile(Request req) {
    return Response.ok(profile(req.param("profileId")));
  }

  private Response patchProfile(Request req) {
    ObjectNode p = profile("CLI-" + req.param("n"));
    ObjectNode patch = ForwardSchemas.CLI_PROFILE_PATCH.patch(req.json());
    checkCommandSets(patch);
    applyPatch(p, patch);
    attribute(p, req, false);
    return Response.ok(p);
  }

  private Response deleteProfile(Request req) {
    profile(req.param("profileId"));
    profiles.remove(req.param("profileId"));
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ endpoints (§3.9)

  private static void requireCliType(Request req) {
    String type = req.query("type");
    if (type == null) {
      throw ApiError.badRequest("Missing required query parameter \"type\"");
    }
    if (!type.equals("CLI")) {
      throw ApiError.badRequest("The sandbox implements only type=CLI network endpoints");
    }
  }

  private ObjectNode validateEndpoint(Network n, JsonNode raw) {
    ObjectNode e = ForwardSchemas.NEW_CLI_ENDPOINT.create(raw);
    if (!e.get("type").asText().equals("CLI")) {
      throw ApiError.badRequest(
          "Endpoint type \"" + e.get("type").asText() + "\" does not match type=CLI");
    }
    checkSourceName(e.get("name").asText());
    checkEndpointRefs(n, e);
    return e;
  }

  private void checkEndpointRefs(Network n, ObjectNode e) {
    checkRefs(n, e, "credentialId");
    String profileId = e.path("profileId").asText(null);
    if (profileId != null && !profiles.containsKey(profileId)) {
      throw ApiError.badRequest("Endpoint profile " + profileId + " not found");
    }
  }

  private ObjectNode addEndpoint(Network n, ObjectNode e, Request req) {
    String key = e.get("name").asText().toLowerCase(Locale.ROOT);
    if (n.endpoints.containsKey(key) || n.devices.containsKey(key)) {
      throw ApiError.conflict(nameTakenMessage(e.get("name").asText()));
    }
    ObjectNode stored = Json.object();
    stored.setAll(e);
    if (!stored.has("collect")) {
      stored.put("collect", true);
    }
    attribute(stored, req, true);
    n.endpoints.put(key, stored);
    return stored;
  }

  private Response listEndpoints(Request req) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("endpoints");
    network(req).endpoints.values().forEach(a::add);
    return Response.ok(o);
  }

  private Response postEndpoints(Request req) {
    Network n = network(req);
    String action = req.query("action");
    if (action == null) {
      requireCliType(req);
      return Response.ok(addEndpoint(n, validateEndpoint(n, req.json()), req));
    }
    switch (action) {
      case "addBatch":
        {
          requireCliType(req);
          ArrayNode arr = requireArray(req.json(), "NewCliNetworkEndpoint");
          List<ObjectNode> valid = new ArrayList<>();
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (JsonNode raw : arr) {
            ObjectNode e = validateEndpoint(n, raw);
            String key = e.get("name").asText().toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
              throw ApiError.badRequest(
                  "Duplicate name \"" + e.get("name").asText() + "\" in request");
            }
            if (n.endpoints.containsKey(key) || n.devices.containsKey(key)) {
              throw ApiError.conflict(nameTakenMessage(e.get("name").asText()));
            }
            valid.add(e);
          }
          valid.forEach(e -> addEndpoint(n, e, req));
          return Response.empty(204);
        }
      case "deleteBatch":
        {
          for (String name : names(req.json(), ForwardSchemas.DEVICE_NAMES)) {
            n.endpoints.remove(name.toLowerCase(Locale.ROOT));
          }
          return Response.empty(204);
        }
      default:
        throw ApiError.badRequest("Unsupported action \"" + action + "\"");
    }
  }

  private Response patchEndpoints(Request req) {
    Network n = network(req);
    ObjectNode body = ForwardSchemas.ENDPOINTS_PATCH_REQUEST.create(req.json());
    ObjectNode update = ForwardSchemas.ENDPOINTS_PATCH.patch(body.get("update"));
    if (update.hasNonNull("type") && !update.get("type").asText().equals("CLI")) {
      throw ApiError.badRequest("The sandbox implements only CLI network endpoints");
    }
    List<ObjectNode> targets = new ArrayList<>();
    for (JsonNode nm : body.get("names")) {
      ObjectNode e = n.endpoints.get(nm.asText().toLowerCase(Locale.ROOT));
      if (e == null) {
        throw ApiError.notFound("Network endpoint " + nm.asText() + " not found");
      }
      targets.add(e);
    }
    checkEndpointRefs(n, update.deepCopy());
    for (ObjectNode e : targets) {
      applyPatch(e, update);
      e.put("type", "CLI");
      attribute(e, req, false);
    }
    return Response.empty(204);
  }

  private ObjectNode endpoint(Request req, Network n) {
    ObjectNode e = n.endpoints.get(req.param("endpointName").toLowerCase(Locale.ROOT));
    if (e == null) {
      throw ApiError.notFound("Network endpoint " + req.param("endpointName") + " not found");
    }
    return e;
  }

  private Response getEndpoint(Request req) {
    return Response.ok(endpoint(req, network(req)));
  }

  private Response patchEndpoint(Request req) {
    Network n = network(req);
    requireCliType(req);
    ObjectNode e = endpoint(req, n);
    ObjectNode p = ForwardSchemas.CLI_ENDPOINT_PATCH.patch(req.json());
    checkEndpointRefs(n, p.deepCopy());
    return Response.ok(patchSource(n, n.endpoints, e, p, req));
  }

  /**
   * Applies a PATCH to a device or endpoint. Both share one case-insensitive namespace per network,
   * so a rename must not take a name held by either kind.
   */
  private ObjectNode patchSource(
      Network n, Map<String, ObjectNode> table, ObjectNode source, ObjectNode patch, Request req) {
    String oldKey = source.get("name").asText().toLowerCase(Locale.ROOT);
    if (patch.hasNonNull("name")) {
      String newName = patch.get("name").asText();
      checkSourceName(newName);
      String newKey = newName.toLowerCase(Locale.ROOT);
      if (!newKey.equals(oldKey)
          && (n.devices.containsKey(newKey) || n.endpoints.containsKey(newKey))) {
        throw ApiError.conflict(nameTakenMessage(newName));
      }
    }
    applyPatch(source, patch);
    attribute(source, req, false);
    table.remove(oldKey);
    table.put(source.get("name").asText().toLowerCase(Locale.ROOT), source);
    return source;
  }

  private Response deleteEndpoint(Request req) {
    Network n = network(req);
    ObjectNode e = endpoint(req, n);
    n.endpoints.remove(e.get("name").asText().toLowerCase(Locale.ROOT));
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ collection (§3.11, §3.12)

  private boolean collectorAvailable(Network n) {
    if (n.collectorUsername == null) {
      return false;
    }
    for (Collector c : collectors.values()) {
      if (c.username.equals(n.collectorUsername) && c.connected) {
        return true;
      }
    }
    return false;
  }

  /** Advances the lazily-simulated tasks and snapshots of a network to {@code now}. */
  private void refresh(Network n, long now) {
    for (Task t : tasks.values()) {
      if (!t.networkId.equals(n.id)) {
        continue;
      }
      if (t.status.equals("QUEUED") && now >= t.createdAt + queuedMs && collectorAvailable(n)) {
        t.status = "RUNNING";
        t.startedAt = Math.min(now, Math.max(t.createdAt + queuedMs, n.boundAt));
      }
      if (t.status.equals("RUNNING") && now >= t.startedAt + runningMs) {
        t.status = collectionOutcome;
        t.finishedAt = t.startedAt + runningMs;
        if (t.status.equals("SUCCEEDED")) {
          Snapshot s = new Snapshot();
          s.id = String.valueOf(++nextSnapshot);
          s.createdAt = t.finishedAt;
          s.processedAt = t.finishedAt + processingMs;
          n.snapshots.add(s);
        }
      }
    }
  }

  private ObjectNode taskJson(Task t) {
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
    return o;
  }

  private Task runningTask(Network n) {
    for (Task t : tasks.values()) {
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
    t.createdById = userIds.getOrDefault(req.user(), "0");
    t.createdAt = System.currentTimeMillis();
    tasks.put(t.id, t);
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
    Network n = networks.get(networkId);
    if (n == null) {
      throw ApiError.notFound("Network " + networkId + " not found");
    }
    refresh(n, System.currentTimeMillis());
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
    Task t = tasks.get(req.param("taskId"));
    if (t == null) {
      throw ApiError.notFound("Collector task " + req.param("taskId") + " not found");
    }
    Network n = networks.get(t.networkId);
    if (n != null) {
      refresh(n, System.currentTimeMillis());
    }
    return Response.ok(taskJson(t));
  }

  private Response startCollection(Request req) {
    Network n = network(req);
    if (n.devices.isEmpty() && n.endpoints.isEmpty()) {
      throw ApiError.badRequest("No valid devices");
    }
    if (runningTask(n) == null) {
      newTask(n, req);
    }
    return Response.ok(Json.object());
  }

  private ObjectNode snapshotJson(Snapshot s, long now) {
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
    Network n = network(req);
    long now = System.currentTimeMillis();
    ObjectNode o = networkJson(n);
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
    Network n = network(req);
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
