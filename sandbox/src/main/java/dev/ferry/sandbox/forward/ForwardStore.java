package dev.ferry.sandbox.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Router;
import java.security.SecureRandom;
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

/**
 * The Forward sandbox's data and the helpers every resource shares. Product data is guarded by
 * {@link #lock}; routes take it through {@link #locked}.
 */
final class ForwardStore {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  final Object lock = new Object();
  private final SecureRandom random = new SecureRandom();
  final Map<String, String> users = new ConcurrentHashMap<>();
  final Map<String, String> userIds = new ConcurrentHashMap<>();

  /** API access key → the account it belongs to; a login is its own account. */
  final Map<String, String> accounts = new ConcurrentHashMap<>();

  volatile String orgId = "7";

  // collection switches
  volatile long queuedMs = 300;
  volatile long runningMs = 1500;
  volatile long processingMs = 300;
  volatile boolean collectorsConnected = true;
  volatile String collectionOutcome = "SUCCEEDED";
  volatile long unboundFailMs = 60_000;

  /** Names a collection finds as LLDP/CDP neighbours of the modeled devices. */
  volatile List<String> neighbours = List.of();

  // product data (guarded by lock)
  final Map<String, Collector> collectors = new LinkedHashMap<>();
  final Map<String, Network> networks = new LinkedHashMap<>();
  final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
  final Map<String, Task> tasks = new LinkedHashMap<>();
  private long nextSnapshot = 400;

  static final class Collector {
    String id;
    String name;
    String username;
    String secret;
    long createdAt;
    boolean connected;
  }

  static final class Network {
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

  static final class Task {
    String id;
    String networkId;
    String networkName;
    String createdBy;
    String createdById;
    long createdAt;
    long startedAt;
    long finishedAt;
    String status = "QUEUED";
    String canceledBy;
    String canceledById;
  }

  static final class Snapshot {
    String id;
    long createdAt;
    long processedAt;
    List<ObjectNode> missingDevices = List.of();
  }

  Router.Handler locked(Router.Handler handler) {
    return Router.lockedBy(lock, handler);
  }

  void clear() {
    synchronized (lock) {
      collectors.clear();
      networks.clear();
      profiles.clear();
      tasks.clear();
    }
  }

  String userId(String user) {
    return userIds.getOrDefault(account(user), "0");
  }

  /** The account name behind a login or API access key. */
  String account(String user) {
    return accounts.getOrDefault(user, user);
  }

  /** The network named by the {@code networkId} path parameter, brought up to date; else 404. */
  Network network(Request req) {
    String id = req.param("networkId");
    Network n = found(networks.get(id), "Network " + id);
    refresh(n, System.currentTimeMillis());
    return n;
  }

  /** {@code value}, or a 404 "{@code what} not found". */
  static <T> T found(T value, String what) {
    if (value == null) {
      throw ApiError.notFound(what + " not found");
    }
    return value;
  }

  Collector collectorWithUsername(String username) {
    for (Collector c : collectors.values()) {
      if (c.username.equals(username)) {
        return c;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ collection (§3.11, §3.12)

  private boolean collectorAvailable(Network n) {
    Collector c = n.collectorUsername == null ? null : collectorWithUsername(n.collectorUsername);
    return c != null && c.connected;
  }

  /** Advances the lazily-simulated tasks and snapshots of a network to {@code now}. */
  void refresh(Network n, long now) {
    for (Task t : tasks.values()) {
      if (!t.networkId.equals(n.id)) {
        continue;
      }
      // addCollectorTask collects "as soon as a Collector is available"; getCollectorTask's status
      // enum ends a task that never got one as FAILED (after unboundFailMs, a sandbox switch)
      if (t.status.equals("QUEUED")
          && now >= t.createdAt + unboundFailMs
          && (n.collectorUsername == null || collectorWithUsername(n.collectorUsername) == null)) {
        t.status = "FAILED";
        t.finishedAt = t.createdAt + unboundFailMs;
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
          s.missingDevices = missingDevices(n);
          n.snapshots.add(s);
        }
      }
    }
  }

  /**
   * {@code getMissingDevices} (OpenAPI 26.6): neighbours of modeled devices that are not modeled
   * themselves, by name (different from every device of the network), most neighbours first, then
   * by name. Here every neighbour name is seen by the network's first two devices.
   */
  private List<ObjectNode> missingDevices(Network n) {
    List<String> reporters =
        n.devices.values().stream().map(d -> d.get("name").asText()).sorted().limit(2).toList();
    List<ObjectNode> out = new ArrayList<>();
    if (reporters.isEmpty()) {
      return out;
    }
    int address = 1;
    for (String name : neighbours.stream().sorted().toList()) {
      if (n.devices.containsKey(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      ObjectNode m = JsonNodeFactory.instance.objectNode();
      m.put("name", name);
      m.putArray("ipAddresses").add("192.0.2." + address++);
      ArrayNode seenBy = m.putArray("neighbors");
      reporters.forEach(seenBy::add);
      m.put("discoveryMethod", "LLDP_CDP");
      out.add(m);
    }
    return out;
  }

  // ------------------------------------------------------------------ shared JSON helpers

  static String ts(long ms) {
    return TS.format(Instant.ofEpochMilli(ms));
  }

  String secret(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Stand-in for the system-generated identifier Forward returns instead of a secret. */
  String secretRef() {
    return "secret-" + hex(8);
  }

  /** Replaces each present secret field with a {@link #secretRef()}. */
  void mask(ObjectNode o, List<String> fields) {
    for (String f : fields) {
      if (o.hasNonNull(f)) {
        o.put(f, secretRef());
      }
    }
  }

  void attribute(ObjectNode o, Request req, boolean created) {
    String now = ts(System.currentTimeMillis());
    String uid = userId(req.user());
    if (created) {
      o.put("createdById", uid);
      o.put("createdAt", now);
      o.put("createdBy", req.user());
    }
    o.put("updatedById", uid);
    o.put("updatedAt", now);
    o.put("updatedBy", req.user());
  }

  static ObjectNode withoutAttribution(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    c.remove(
        List.of("createdById", "createdAt", "createdBy", "updatedById", "updatedAt", "updatedBy"));
    return c;
  }

  /** JSON merge: a null field removes it, any other value replaces it. */
  static void applyPatch(ObjectNode target, ObjectNode patch) {
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

  static ArrayNode requireArray(JsonNode body, String elementClass) {
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

  static List<String> names(JsonNode body, Schema schema) {
    ObjectNode o = schema.create(body);
    List<String> out = new ArrayList<>();
    o.path("names").forEach(n -> out.add(n.asText()));
    return out;
  }
}
