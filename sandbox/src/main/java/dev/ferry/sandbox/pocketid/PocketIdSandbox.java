package dev.ferry.sandbox.pocketid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local pocket-id: the OIDC client API subset the forge provider uses, with pocket-id's shapes
 * ({@code X-API-KEY} auth, {@code {"data":[…],"pagination":{…}}} lists, {@code {"error":"…"}}
 * errors). Client secrets are kept so tests can check what was delivered.
 */
public final class PocketIdSandbox implements AutoCloseable {

  /** An OIDC client as pocket-id stores it. */
  public record Client(
      String id,
      String name,
      List<String> callbackUrls,
      List<String> allowedUserGroupIds,
      String secret) {}

  private static final int PAGE_SIZE = 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final String apiKey;
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private final Map<String, String> userGroups = new LinkedHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  public PocketIdSandbox(int port, String apiKey) throws IOException {
    this.apiKey = apiKey;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/api/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18082;
    String key = args.length > 1 ? args[1] : "demo-pocket-id-key";
    PocketIdSandbox sandbox = new PocketIdSandbox(port, key).start();
    System.err.println(
        "pocket-id sandbox on http://127.0.0.1:" + sandbox.port() + " (X-API-KEY " + key + ")");
  }

  public PocketIdSandbox start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public synchronized List<Client> clients() {
    return List.copyOf(clients.values());
  }

  public synchronized Optional<Client> clientNamed(String name) {
    return clients.values().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Adds a user group and returns its id. */
  public synchronized String addUserGroup(String name) {
    String id = UUID.randomUUID().toString();
    userGroups.put(id, name);
    return id;
  }

  /** Requests answered so far (to show an unchanged cycle calls nothing). */
  public int requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      if (!apiKey.equals(ex.getRequestHeaders().getFirst("X-API-KEY"))) {
        error(ex, 401, "You are not signed in");
        return;
      }
      String[] path = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
      String method = ex.getRequestMethod();
      // path: "", "api", "oidc", "clients", {id}, {sub}
      if (path.length >= 4 && path[2].equals("oidc") && path[3].equals("clients")) {
        clientsRoute(ex, method, path);
      } else if (path.length == 3 && path[2].equals("user-groups") && method.equals("GET")) {
        listGroups(ex);
      } else {
        error(ex, 404, "Not found");
      }
    }
  }

  private synchronized void clientsRoute(HttpExchange ex, String method, String[] path)
      throws IOException {
    if (path.length == 4) {
      switch (method) {
        case "GET" -> listClients(ex);
        case "POST" -> {
          ObjectNode body = body(ex);
          if (body == null
              || !body.path("name").isTextual()
              || body.path("name").asText().isBlank()) {
            error(ex, 400, "Field 'name' is required");
            return;
          }
          Client c =
              new Client(
                  UUID.randomUUID().toString(),
                  body.path("name").asText(),
                  strings(body, "callbackURLs"),
                  List.of(),
                  null);
          clients.put(c.id(), c);
          send(ex, 201, view(c));
        }
        default -> error(ex, 405, "Method not allowed");
      }
      return;
    }
    Client c = clients.get(path[4]);
    if (c == null) {
      error(ex, 404, "Record not found");
      return;
    }
    String sub = path.length > 5 ? path[5] : "";
    switch (method + " " + sub) {
      case "GET " -> send(ex, 200, view(c));
      case "PUT " -> {
        ObjectNode body = body(ex);
        if (body == null
            || !body.path("name").isTextual()
            || body.path("name").asText().isBlank()) {
          error(ex, 400, "Field 'name' is required");
          return;
        }
        c =
            new Client(
                c.id(),
                body.path("name").asText(),
                strings(body, "callbackURLs"),
                c.allowedUserGroupIds(),
                c.secret());
        clients.put(c.id(), c);
        send(ex, 200, view(c));
      }
      case "DELETE " -> {
        clients.remove(c.id());
        ex.sendResponseHeaders(204, -1);
      }
      case "POST secret" -> {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String secret = HexFormat.of().formatHex(raw);
        clients.put(
            c.id(),
            new Client(c.id(), c.name(), c.callbackUrls(), c.allowedUserGroupIds(), secret));
        send(ex, 200, json.createObjectNode().put("secret", secret));
      }
      case "PUT allowed-user-groups" -> {
        ObjectNode body = body(ex);
        List<String> ids = body == null ? List.of() : strings(body, "userGroupIds");
        for (String id : ids) {
          if (!userGroups.containsKey(id)) {
            error(ex, 400, "User group not found: " + id);
            return;
          }
        }
        c = new Client(c.id(), c.name(), c.callbackUrls(), ids, c.secret());
        clients.put(c.id(), c);
        send(ex, 200, view(c));
      }
      default -> error(ex, 404, "Not found");
    }
  }

  private void listClients(HttpExchange ex) throws IOException {
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    int page = Math.max(1, parse(query.get("pagination[page]"), 1));
    int limit = Math.max(1, parse(query.get("pagination[limit]"), PAGE_SIZE));
    String search = query.getOrDefault("search", "");
    List<Client> all =
        new ArrayList<>(clients.values().stream().filter(c -> c.name().contains(search)).toList());
    int totalPages = Math.max(1, (all.size() + limit - 1) / limit);
    ObjectNode answer = json.createObjectNode();
    ArrayNode data = answer.putArray("data");
    all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(c -> data.add(view(c)));
    answer
        .putObject("pagination")
        .put("totalPages", totalPages)
        .put("totalItems", all.size())
        .put("currentPage", page)
        .put("itemsPerPage", limit);
    send(ex, 200, answer);
  }

  private synchronized void listGroups(HttpExchange ex) throws IOException {
    String search = query(ex.getRequestURI().getRawQuery()).getOrDefault("search", "");
    ObjectNode answer = json.createObjectNode();
    ArrayNode data = answer.putArray("data");
    userGroups.forEach(
        (id, name) -> {
          if (name.contains(search)) {
            data.addObject().put("id", id).put("name", name).put("friendlyName", name);
          }
        });
    answer
        .putObject("pagination")
        .put("totalPages", 1)
        .put("totalItems", data.size())
        .put("currentPage", 1)
        .put("itemsPerPage", PAGE_SIZE);
    send(ex, 200, answer);
  }

  private ObjectNode view(Client c) {
    ObjectNode n = json.createObjectNode().put("id", c.id()).put("name", c.name());
    ArrayNode callbacks = n.putArray("callbackURLs");
    c.callbackUrls().forEach(callbacks::add);
    n.putArray("logoutCallbackURLs");
    n.put("isPublic", false)
        .put("pkceEnabled", false)
        .put("requiresReauthentication", false)
        .put("hasLogo", false);
    return n;
  }

  private ObjectNode body(HttpExchange ex) throws IOException {
    try {
      JsonNode n = json.readTree(ex.getRequestBody());
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> strings(JsonNode body, String field) {
    List<String> out = new ArrayList<>();
    body.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static int parse(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private void error(HttpExchange ex, int status, String message) throws IOException {
    send(ex, status, json.createObjectNode().put("error", message));
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
