package dev.ferry.sandbox.pocketid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A local pocket-id, as the 1.x or the 2.x line behaves ({@link PocketIdVersion}): the OIDC client
 * API the forge provider uses, user groups, API keys with their expiry, and pocket-id's shapes
 * ({@code X-API-KEY} auth, {@code {"data":[…],"pagination":{…}}} lists, {@code {"error":"…"}}
 * errors). Client secrets are kept so tests can check what was delivered.
 */
public final class PocketIdSandbox extends SandboxHttpServer {

  /** A client secret; pocket-id shows {@code value} once, in the answer that creates it. */
  public record Secret(String id, String prefix, String value, Instant createdAt) {}

  /** An OIDC client as pocket-id stores it. */
  public record Client(
      String id,
      String name,
      List<String> callbackUrls,
      List<String> allowedUserGroupIds,
      boolean groupRestricted,
      List<Secret> secrets) {

    /** The newest secret's value, or null before the first. */
    public String secret() {
      return secrets.isEmpty() ? null : secrets.getLast().value();
    }
  }

  /** An API key: {@code token} is what the caller sends in {@code X-API-KEY}. */
  public record ApiKey(
      String id, String name, String token, Instant expiresAt, Instant lastUsedAt) {}

  private static final int PAGE_SIZE = 20;
  private final Object lock = new Object();
  private final PocketIdVersion version;
  private final Map<String, ApiKey> apiKeys = new LinkedHashMap<>();
  private final Map<String, String> userGroups = new LinkedHashMap<>();
  private final OidcClients clients;

  /** The current 2.x release, with one API key valid for a year. */
  public PocketIdSandbox(String apiKey) {
    this(apiKey, PocketIdVersion.V2_14);
  }

  public PocketIdSandbox(String apiKey, PocketIdVersion version) {
    super("pocket-id");
    this.version = version;
    this.clients = new OidcClients(version, userGroups::containsKey);
    addApiKey("ferry", apiKey, Instant.now().plus(Duration.ofDays(365)));
  }

  /** {@code PocketIdSandbox [port] [api-key] [version]}, as scripts/demo/40-fort.sh starts it. */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18082;
    String key = args.length > 1 ? args[1] : "demo-pocket-id-key";
    PocketIdVersion version =
        args.length > 2 ? PocketIdVersion.parse(args[2]) : PocketIdVersion.V2_14;
    PocketIdSandbox sandbox = new PocketIdSandbox(key, version).start(port);
    System.err.println(
        "pocket-id " + version + " sandbox on " + sandbox.baseUrl() + " (X-API-KEY " + key + ")");
  }

  @Override
  public PocketIdSandbox start(int port) {
    super.start(port);
    return this;
  }

  public PocketIdVersion version() {
    return version;
  }

  public List<Client> clients() {
    synchronized (lock) {
      return clients.all();
    }
  }

  public Optional<Client> clientNamed(String name) {
    synchronized (lock) {
      return clients.all().stream().filter(c -> c.name().equals(name)).findFirst();
    }
  }

  /**
   * Whether a member of exactly these groups may sign in through the client, as pocket-id decides.
   */
  public boolean mayAuthorize(String clientId, List<String> memberOfGroupIds) {
    synchronized (lock) {
      return clients.mayAuthorize(clientId, memberOfGroupIds);
    }
  }

  /** Adds a user group and returns its id. */
  public String addUserGroup(String name) {
    String id = UUID.randomUUID().toString();
    synchronized (lock) {
      userGroups.put(id, name);
    }
    return id;
  }

  /** Adds (or replaces, by token) an API key of the same admin user. */
  public void addApiKey(String name, String token, Instant expiresAt) {
    synchronized (lock) {
      apiKeys.values().removeIf(k -> k.token().equals(token));
      String id = UUID.randomUUID().toString();
      apiKeys.put(id, new ApiKey(id, name, token, expiresAt, null));
    }
  }

  public List<ApiKey> apiKeys() {
    synchronized (lock) {
      return List.copyOf(apiKeys.values());
    }
  }

  @Override
  protected void routes(Router r) {
    String clientsPath = "/api/oidc/clients";
    String client = clientsPath + "/{id}";
    r.add("GET", clientsPath, locked(clients::list));
    r.add("POST", clientsPath, locked(clients::create));
    r.otherMethods(clientsPath, req -> error(405, "Method not allowed"));
    r.add("GET", client, locked(clients::get));
    r.add("PUT", client, locked(clients::update));
    r.add("DELETE", client, locked(clients::delete));
    r.add("PUT", client + "/allowed-user-groups", locked(clients::allowUserGroups));
    if (version.multipleSecrets()) {
      r.add("GET", client + "/secrets", locked(clients::listSecrets));
      r.add("POST", client + "/secrets", locked(clients::addSecret));
      r.add("DELETE", client + "/secrets/{secretId}", locked(clients::deleteSecret));
    } else {
      r.add("POST", client + "/secret", locked(clients::replaceSecret));
    }
    r.add("GET", "/api/user-groups", locked(this::listGroups));
    r.add("GET", "/api/api-keys", locked(this::listApiKeys));
    if (version.servesCurrentVersion()) {
      r.add(
          "GET",
          "/api/version/current",
          req -> Response.ok(Json.object().put("currentVersion", version.toString())));
    }
  }

  private Router.Handler locked(Router.Handler handler) {
    return Router.lockedBy(lock, handler);
  }

  /**
   * An unknown or expired key is "not signed in" (middleware/api_key_auth.go: ValidateApiKey
   * matches {@code expires_at > now} and records {@code lastUsedAt}).
   */
  @Override
  protected Response authorize(Request req, Router.Match match) {
    if (!req.path().startsWith("/api/")) {
      return null;
    }
    String token = req.header("X-API-KEY");
    Instant now = Instant.now();
    synchronized (lock) {
      Optional<ApiKey> key =
          apiKeys.values().stream()
              .filter(k -> k.token().equals(token) && k.expiresAt().isAfter(now))
              .findFirst();
      if (key.isEmpty()) {
        return error(401, "You are not signed in");
      }
      ApiKey k = key.get();
      apiKeys.put(k.id(), new ApiKey(k.id(), k.name(), k.token(), k.expiresAt(), now));
    }
    return null;
  }

  @Override
  protected Response unknownRoute(Request req) {
    // below a client's path, an unknown client is reported before an unknown route
    String[] parts = req.path().split("/");
    if (req.path().startsWith("/api/oidc/clients/") && parts.length > 4) {
      synchronized (lock) {
        if (!clients.exists(parts[4])) {
          return error(404, "OIDC client not found");
        }
      }
    }
    return error(404, "Not found");
  }

  @Override
  protected Response error(Request req, ApiError e) {
    return error(e.status(), e.getMessage());
  }

  static Response error(int status, String message) {
    return Response.json(status, Json.object().put("error", message));
  }

  @Override
  protected ObjectNode stateJson() {
    synchronized (lock) {
      return Json.object()
          .put("version", version.toString())
          .put("clients", clients.all().size())
          .put("userGroups", userGroups.size());
    }
  }

  @Override
  protected void resetData() {
    synchronized (lock) {
      clients.clear();
      userGroups.clear();
    }
  }

  private Response listGroups(Request req) {
    String search = Optional.ofNullable(req.query("search")).orElse("");
    ArrayNode data = Json.array();
    userGroups.forEach(
        (id, name) -> {
          if (name.contains(search)) {
            data.addObject().put("id", id).put("name", name).put("friendlyName", name);
          }
        });
    return Response.ok(paged(data, 1, data.size(), 1, PAGE_SIZE));
  }

  /**
   * The caller's keys, paged and sortable by {@code lastUsedAt}, {@code expiresAt} or {@code name}
   * (controller/api_key_controller.go in 1.16, apikey/handler.go in 2.14; model: sortable columns).
   */
  private Response listApiKeys(Request req) {
    Comparator<ApiKey> order =
        switch (Optional.ofNullable(req.query("sort[column]")).orElse("")) {
          case "lastUsedAt" ->
              Comparator.comparing(
                  ApiKey::lastUsedAt, Comparator.nullsFirst(Comparator.naturalOrder()));
          case "expiresAt" -> Comparator.comparing(ApiKey::expiresAt);
          case "name" -> Comparator.comparing(ApiKey::name);
          default -> (a, b) -> 0;
        };
    if ("desc".equals(req.query("sort[direction]"))) {
      order = order.reversed();
    }
    List<ApiKey> sorted = new ArrayList<>(apiKeys.values());
    sorted.sort(order);
    ArrayNode data = Json.array();
    for (ApiKey k : sorted) {
      ObjectNode n = data.addObject().put("id", k.id()).put("name", k.name());
      n.putNull("description");
      n.put("expiresAt", k.expiresAt().toString());
      if (k.lastUsedAt() == null) {
        n.putNull("lastUsedAt");
      } else {
        n.put("lastUsedAt", k.lastUsedAt().toString());
      }
      n.put("expirationEmailSent", false);
    }
    return Response.ok(paged(data, 1, data.size(), 1, PAGE_SIZE));
  }

  static ObjectNode paged(ArrayNode data, int totalPages, int totalItems, int page, int limit) {
    ObjectNode answer = Json.object();
    answer.set("data", data);
    answer
        .putObject("pagination")
        .put("totalPages", totalPages)
        .put("totalItems", totalItems)
        .put("currentPage", page)
        .put("itemsPerPage", limit);
    return answer;
  }

  static int number(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static List<String> strings(JsonNode body, String field) {
    List<String> out = new ArrayList<>();
    body.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }
}
