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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A local pocket-id: the OIDC client API subset the forge provider uses, with pocket-id's shapes
 * ({@code X-API-KEY} auth, {@code {"data":[…],"pagination":{…}}} lists, {@code {"error":"…"}}
 * errors). Client secrets are kept so tests can check what was delivered.
 */
public final class PocketIdSandbox extends SandboxHttpServer {

  /** An OIDC client as pocket-id stores it. */
  public record Client(
      String id,
      String name,
      List<String> callbackUrls,
      List<String> allowedUserGroupIds,
      String secret) {}

  private static final String CLIENTS = "/api/oidc/clients";
  private static final String CLIENT = CLIENTS + "/{id}";
  private static final int PAGE_SIZE = 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Object lock = new Object();
  private final String apiKey;
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private final Map<String, String> userGroups = new LinkedHashMap<>();

  public PocketIdSandbox(String apiKey) {
    super("pocket-id");
    this.apiKey = apiKey;
  }

  /** {@code PocketIdSandbox [port] [api-key]}, as scripts/demo/40-fort.sh starts it. */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18082;
    String key = args.length > 1 ? args[1] : "demo-pocket-id-key";
    PocketIdSandbox sandbox = new PocketIdSandbox(key).start(port);
    System.err.println("pocket-id sandbox on " + sandbox.baseUrl() + " (X-API-KEY " + key + ")");
  }

  @Override
  public PocketIdSandbox start(int port) {
    super.start(port);
    return this;
  }

  public List<Client> clients() {
    synchronized (lock) {
      return List.copyOf(clients.values());
    }
  }

  public Optional<Client> clientNamed(String name) {
    synchronized (lock) {
      return clients.values().stream().filter(c -> c.name().equals(name)).findFirst();
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

  @Override
  protected void routes(Router r) {
    r.add("GET", CLIENTS, locked(this::listClients));
    r.add("POST", CLIENTS, locked(this::createClient));
    r.otherMethods(CLIENTS, req -> error(405, "Method not allowed"));
    r.add("GET", CLIENT, locked(req -> Response.ok(view(client(req)))));
    r.add("PUT", CLIENT, locked(this::updateClient));
    r.add("DELETE", CLIENT, locked(this::deleteClient));
    r.add("POST", CLIENT + "/secret", locked(this::createSecret));
    r.add("PUT", CLIENT + "/allowed-user-groups", locked(this::allowUserGroups));
    r.add("GET", "/api/user-groups", locked(this::listGroups));
  }

  private Router.Handler locked(Router.Handler handler) {
    return Router.lockedBy(lock, handler);
  }

  @Override
  protected Response authorize(Request req, Router.Match match) {
    if (req.path().startsWith("/api/") && !apiKey.equals(req.header("X-API-KEY"))) {
      return error(401, "You are not signed in");
    }
    return null;
  }

  @Override
  protected Response unknownRoute(Request req) {
    // below a client's path, an unknown client is reported before an unknown route
    String[] parts = req.path().split("/");
    if (req.path().startsWith(CLIENTS + "/") && parts.length > 4) {
      synchronized (lock) {
        if (!clients.containsKey(parts[4])) {
          return error(404, "Record not found");
        }
      }
    }
    return error(404, "Not found");
  }

  @Override
  protected Response error(Request req, ApiError e) {
    return error(e.status(), e.getMessage());
  }

  private static Response error(int status, String message) {
    return Response.json(status, Json.object().put("error", message));
  }

  @Override
  protected ObjectNode stateJson() {
    synchronized (lock) {
      return Json.object().put("clients", clients.size()).put("userGroups", userGroups.size());
    }
  }

  @Override
  protected void resetData() {
    synchronized (lock) {
      clients.clear();
      userGroups.clear();
    }
  }

  private Response listClients(Request req) {
    int page = Math.max(1, number(req.query("pagination[page]"), 1));
    int limit = Math.max(1, number(req.query("pagination[limit]"), PAGE_SIZE));
    String search = Optional.ofNullable(req.query("search")).orElse("");
    List<Client> all = clients.values().stream().filter(c -> c.name().contains(search)).toList();
    ArrayNode data = Json.array();
    all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(c -> data.add(view(c)));
    int totalPages = Math.max(1, (all.size() + limit - 1) / limit);
    return Response.ok(paged(data, totalPages, all.size(), page, limit));
  }

  private Response createClient(Request req) {
    ObjectNode body = namedBody(req);
    Client c =
        new Client(
            UUID.randomUUID().toString(),
            body.path("name").asText(),
            strings(body, "callbackURLs"),
            List.of(),
            null);
    clients.put(c.id(), c);
    return Response.json(201, view(c));
  }

  private Client client(Request req) {
    Client c = clients.get(req.param("id"));
    if (c == null) {
      throw ApiError.notFound("Record not found");
    }
    return c;
  }

  private Response updateClient(Request req) {
    Client c = client(req);
    ObjectNode body = namedBody(req);
    return Response.ok(
        view(
            store(
                new Client(
                    c.id(),
                    body.path("name").asText(),
                    strings(body, "callbackURLs"),
                    c.allowedUserGroupIds(),
                    c.secret()))));
  }

  private Response deleteClient(Request req) {
    clients.remove(client(req).id());
    return Response.empty(204);
  }

  private Response createSecret(Request req) {
    Client c = client(req);
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String secret = HexFormat.of().formatHex(raw);
    store(new Client(c.id(), c.name(), c.callbackUrls(), c.allowedUserGroupIds(), secret));
    return Response.ok(Json.object().put("secret", secret));
  }

  private Response allowUserGroups(Request req) {
    Client c = client(req);
    ObjectNode body = objectBody(req);
    List<String> ids = body == null ? List.of() : strings(body, "userGroupIds");
    for (String id : ids) {
      if (!userGroups.containsKey(id)) {
        throw ApiError.badRequest("User group not found: " + id);
      }
    }
    return Response.ok(
        view(store(new Client(c.id(), c.name(), c.callbackUrls(), ids, c.secret()))));
  }

  private Client store(Client c) {
    clients.put(c.id(), c);
    return c;
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

  private static ObjectNode paged(
      ArrayNode data, int totalPages, int totalItems, int page, int limit) {
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

  private static ObjectNode view(Client c) {
    ObjectNode n = Json.object().put("id", c.id()).put("name", c.name());
    ArrayNode callbacks = n.putArray("callbackURLs");
    c.callbackUrls().forEach(callbacks::add);
    n.putArray("logoutCallbackURLs");
    n.put("isPublic", false)
        .put("pkceEnabled", false)
        .put("requiresReauthentication", false)
        .put("hasLogo", false);
    return n;
  }

  /** A client body: a JSON object with a non-blank {@code name}. */
  private static ObjectNode namedBody(Request req) {
    ObjectNode body = objectBody(req);
    if (body == null || !body.path("name").isTextual() || body.path("name").asText().isBlank()) {
      throw ApiError.badRequest("Field 'name' is required");
    }
    return body;
  }

  /** The body as a JSON object; null when it is empty, malformed or not an object. */
  private static ObjectNode objectBody(Request req) {
    try {
      return req.json() instanceof ObjectNode o ? o : null;
    } catch (ApiError malformed) {
      return null;
    }
  }

  private static List<String> strings(JsonNode body, String field) {
    List<String> out = new ArrayList<>();
    body.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static int number(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
