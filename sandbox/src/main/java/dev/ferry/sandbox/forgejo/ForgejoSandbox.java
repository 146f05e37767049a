package dev.ferry.sandbox.forgejo;

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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local Forgejo: the access-token API ({@code /api/v1/users/{user}/tokens}) with basic auth,
 * Forgejo's token shape ({@code id, name, sha1, token_last_eight, scopes}; {@code sha1} only in the
 * creation answer) and its {@code {"message":"…"}} errors.
 */
public final class ForgejoSandbox extends SandboxHttpServer {

  /** A token as Forgejo stores it; {@code value} is what {@code sha1} showed once. */
  public record Token(long id, String user, String name, List<String> scopes, String value) {}

  private static final String TOKENS = "/api/v1/users/{user}/tokens";
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
  private final Object lock = new Object();
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private final Map<Long, Token> tokens = new LinkedHashMap<>();
  private long nextId = 1;

  public ForgejoSandbox() {
    super("forgejo");
  }

  /**
   * {@code ForgejoSandbox [port] [forge-admin's password]}, as scripts/demo/40-fort.sh starts it.
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18083;
    ForgejoSandbox sandbox = new ForgejoSandbox().start(port);
    sandbox.addUser("forge-admin", args.length > 1 ? args[1] : "demo-forgejo-password");
    System.err.println("Forgejo sandbox on " + sandbox.baseUrl() + " (user forge-admin)");
  }

  @Override
  public ForgejoSandbox start(int port) {
    super.start(port);
    return this;
  }

  public void addUser(String name, String password) {
    synchronized (lock) {
      passwords.put(name, password);
    }
  }

  public List<Token> tokens() {
    synchronized (lock) {
      return List.copyOf(tokens.values());
    }
  }

  @Override
  protected void routes(Router r) {
    r.add("GET", TOKENS, Router.lockedBy(lock, this::list));
    r.add("POST", TOKENS, Router.lockedBy(lock, this::create));
    r.add("DELETE", TOKENS + "/{token}", Router.lockedBy(lock, this::delete));
    Router.Handler notAllowed = req -> message(405, "Method Not Allowed");
    r.otherMethods(TOKENS, notAllowed);
    r.otherMethods(TOKENS + "/{token}", notAllowed);
  }

  /** Unknown paths are 404 before authentication; a user manages only their own tokens. */
  @Override
  protected Response authorize(Request req, Router.Match match) {
    if (match == null) {
      return null;
    }
    BasicAuth auth = BasicAuth.parse(req.header("Authorization"));
    boolean valid;
    synchronized (lock) {
      valid = auth != null && auth.secret().equals(passwords.get(auth.login()));
    }
    if (!valid) {
      return message(401, "user does not exist or password is incorrect");
    }
    if (!auth.login().equals(req.param("user"))) {
      return message(403, "you must be the same user to manage tokens");
    }
    req.user(auth.login());
    return null;
  }

  @Override
  protected Response unknownRoute(Request req) {
    return message(404, "Not Found");
  }

  @Override
  protected Response error(Request req, ApiError e) {
    return message(e.status(), e.getMessage());
  }

  private static Response message(int status, String message) {
    return Response.json(
        status,
        Json.object().put("message", message).put("url", "https://forgejo.org/api/swagger"));
  }

  @Override
  protected ObjectNode stateJson() {
    synchronized (lock) {
      return Json.object().put("users", passwords.size()).put("tokens", tokens.size());
    }
  }

  /** Clears the tokens; the users stay, as they are configuration. */
  @Override
  protected void resetData() {
    synchronized (lock) {
      tokens.clear();
    }
  }

  private Response list(Request req) {
    ArrayNode out = Json.array();
    tokens.values().stream()
        .filter(t -> t.user().equals(req.user()))
        .forEach(t -> out.add(view(t, false)));
    return Response.ok(out);
  }

  private Response create(Request req) {
    String user = req.user();
    JsonNode body;
    try {
      body = req.json();
    } catch (ApiError malformed) {
      throw new ApiError(422, "invalid JSON");
    }
    String name = body == null ? "" : body.path("name").asText("");
    if (name.isBlank()) {
      throw new ApiError(422, "Name: Required");
    }
    if (tokens.values().stream().anyMatch(t -> t.user().equals(user) && t.name().equals(name))) {
      throw ApiError.badRequest("access token name has been used already");
    }
    List<String> scopes = new ArrayList<>();
    body.path("scopes").forEach(s -> scopes.add(s.asText()));
    if (!SCOPES.containsAll(scopes)) {
      throw ApiError.badRequest("invalid access token scope provided");
    }
    if (scopes.isEmpty()) {
      throw ApiError.badRequest("access token must have a scope");
    }
    byte[] raw = new byte[20];
    RANDOM.nextBytes(raw);
    Token t = new Token(nextId++, user, name, List.copyOf(scopes), HexFormat.of().formatHex(raw));
    tokens.put(t.id(), t);
    return Response.json(201, view(t, true));
  }

  /** Deletes by id or by name, as Forgejo accepts either. */
  private Response delete(Request req) {
    String idOrName = req.param("token");
    Token found =
        tokens.values().stream()
            .filter(
                t ->
                    t.user().equals(req.user())
                        && (Long.toString(t.id()).equals(idOrName) || t.name().equals(idOrName)))
            .findFirst()
            .orElseThrow(() -> ApiError.notFound("The target couldn't be found."));
    tokens.remove(found.id());
    return Response.empty(204);
  }

  private static ObjectNode view(Token t, boolean withSecret) {
    ObjectNode n =
        Json.object()
            .put("id", t.id())
            .put("name", t.name())
            .put("sha1", withSecret ? t.value() : "")
            .put("token_last_eight", t.value().substring(t.value().length() - 8));
    ArrayNode scopes = n.putArray("scopes");
    t.scopes().forEach(scopes::add);
    return n;
  }
}
