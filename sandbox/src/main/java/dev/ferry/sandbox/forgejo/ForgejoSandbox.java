package dev.ferry.sandbox.forgejo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A local Forgejo: the access-token API ({@code /api/v1/users/{user}/tokens}) with basic auth,
 * Forgejo's token shape ({@code id, name, sha1, token_last_eight, scopes}; {@code sha1} only in the
 * creation answer) and its {@code {"message":"…"}} errors.
 */
public final class ForgejoSandbox implements AutoCloseable {

  /** A token as Forgejo stores it; {@code value} is what {@code sha1} showed once. */
  public record Token(long id, String user, String name, List<String> scopes, String value) {}

  private static final Set<String> SCOPES =
      Set.of(
          "read:repository",
          "write:repository",
          "read:user",
          "write:user",
          "read:organization",
          "write:organization",
          "read:package",
          "write:package",
          "read:issue",
          "write:issue",
          "read:misc",
          "write:misc",
          "read:notification",
          "write:notification",
          "read:admin",
          "write:admin",
          "read:activitypub",
          "write:activitypub",
          "all");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private final Map<Long, Token> tokens = new LinkedHashMap<>();
  private long nextId = 1;

  public ForgejoSandbox(int port) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/api/v1/users/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18083;
    ForgejoSandbox sandbox = new ForgejoSandbox(port).start();
    sandbox.addUser("forge-admin", args.length > 1 ? args[1] : "demo-forgejo-password");
    System.err.println(
        "Forgejo sandbox on http://127.0.0.1:" + sandbox.port() + " (user forge-admin)");
  }

  public ForgejoSandbox start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public synchronized void addUser(String name, String password) {
    passwords.put(name, password);
  }

  public synchronized List<Token> tokens() {
    return List.copyOf(tokens.values());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      // path: "", "api", "v1", "users", {user}, "tokens", [{id}]
      String[] path = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
      if (path.length < 6 || !path[5].equals("tokens") || path.length > 7) {
        message(ex, 404, "Not Found");
        return;
      }
      String user = path[4];
      String authenticated = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
      if (authenticated == null) {
        message(ex, 401, "user does not exist or password is incorrect");
        return;
      }
      if (!authenticated.equals(user)) {
        message(ex, 403, "you must be the same user to manage tokens");
        return;
      }
      synchronized (this) {
        switch (ex.getRequestMethod() + (path.length == 7 ? " one" : "")) {
          case "GET" -> list(ex, user);
          case "POST" -> create(ex, user);
          case "DELETE one" -> delete(ex, user, path[6]);
          default -> message(ex, 405, "Method Not Allowed");
        }
      }
    }
  }

  private String authenticate(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    synchronized (this) {
      return decoded.substring(colon + 1).equals(passwords.get(user)) ? user : null;
    }
  }

  private void list(HttpExchange ex, String user) throws IOException {
    ArrayNode out = json.createArrayNode();
    tokens.values().stream()
        .filter(t -> t.user().equals(user))
        .forEach(t -> out.add(view(t, false)));
    send(ex, 200, out);
  }

  private void create(HttpExchange ex, String user) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(ex.getRequestBody());
    } catch (IOException e) {
      message(ex, 422, "invalid JSON");
      return;
    }
    String name = body == null ? "" : body.path("name").asText("");
    if (name.isBlank()) {
      message(ex, 422, "Name: Required");
      return;
    }
    if (tokens.values().stream().anyMatch(t -> t.user().equals(user) && t.name().equals(name))) {
      message(ex, 400, "access token name has been used already");
      return;
    }
    List<String> scopes = new ArrayList<>();
    body.path("scopes").forEach(s -> scopes.add(s.asText()));
    for (String s : scopes) {
      if (!SCOPES.contains(s)) {
        message(ex, 400, "invalid access token scope provided");
        return;
      }
    }
    if (scopes.isEmpty()) {
      message(ex, 400, "access token must have a scope");
      return;
    }
    byte[] raw = new byte[20];
    RANDOM.nextBytes(raw);
    Token t = new Token(nextId++, user, name, List.copyOf(scopes), HexFormat.of().formatHex(raw));
    tokens.put(t.id(), t);
    send(ex, 201, view(t, true));
  }

  private void delete(HttpExchange ex, String user, String idOrName) throws IOException {
    Token found =
        tokens.values().stream()
            .filter(
                t ->
                    t.user().equals(user)
                        && (Long.toString(t.id()).equals(idOrName) || t.name().equals(idOrName)))
            .findFirst()
            .orElse(null);
    if (found == null) {
      message(ex, 404, "The target couldn't be found.");
      return;
    }
    tokens.remove(found.id());
    ex.sendResponseHeaders(204, -1);
  }

  private ObjectNode view(Token t, boolean withSecret) {
    ObjectNode n =
        json.createObjectNode()
            .put("id", t.id())
            .put("name", t.name())
            .put("sha1", withSecret ? t.value() : "")
            .put("token_last_eight", t.value().substring(t.value().length() - 8));
    ArrayNode scopes = n.putArray("scopes");
    t.scopes().forEach(scopes::add);
    return n;
  }

  private void message(HttpExchange ex, int status, String message) throws IOException {
    send(
        ex,
        status,
        json.createObjectNode()
            .put("message", message)
            .put("url", "https://forgejo.org/api/swagger"));
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
