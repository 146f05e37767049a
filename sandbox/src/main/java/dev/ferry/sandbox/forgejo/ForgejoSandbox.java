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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local Forgejo: the version route and the access-token API ({@code
 * /api/v1/users/{username}/tokens}) as Forgejo's sources define them. Rules and where they come
 * from (Forgejo, a Gitea fork; paths in its repository):
 *
 * <ul>
 *   <li>{@code GET /api/v1/version} answers {@code {"version":…}} without authentication
 *       (routers/api/v1/misc/version.go); every Gitea SDK client reads it first.
 *   <li>The token routes need the user's password: Basic auth whose password (or user name) is an
 *       access token, and {@code Authorization: token …}, authenticate as a token, and the group's
 *       {@code reqBasicOrRevProxyAuth} refuses them with 401 "auth method not allowed"
 *       (routers/api/v1/api.go, permissions.ReqBasicOrRevProxyAuth). Then {@code reqSelfOrAdmin}:
 *       403 unless the doer is that user (or a site admin).
 *   <li>The list is paged: {@code page} (from 1), {@code limit} (default 30, at most 50;
 *       routers/api/v1/utils/page.go GetListOptions, services/convert ToCorrectPageSize), with
 *       {@code X-Total-Count} and {@code Link} (utils.SetPaginationHeaders).
 *   <li>Creation (routers/api/v1/user/app.go CreateAccessToken): a name is required (422), unique
 *       per user (400 "access token name has been used already"), scopes are normalised ({@link
 *       TokenScopes}), at least one is required (400). {@code sha1} holds the token in the creation
 *       answer only.
 *   <li>Deletion by id or, failing that, by name; a name matching several is 422.
 * </ul>
 */
public final class ForgejoSandbox extends SandboxHttpServer {

  /** A token as Forgejo stores it; {@code value} is what {@code sha1} showed once. */
  public record Token(long id, String user, String name, List<String> scopes, String value) {}

  /** A token deleted through the API, and when. */
  public record Deletion(Token token, Instant at) {}

  /** What {@code /api/v1/version} reports: a Forgejo release and the Gitea API it carries. */
  public static final String VERSION = "11.0.3+gitea-1.22.0";

  static final int DEFAULT_PAGE_SIZE = 30;
  static final int MAX_PAGE_SIZE = 50;
  private static final String TOKENS = "/api/v1/users/{user}/tokens";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Object lock = new Object();
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private final Map<Long, Token> tokens = new LinkedHashMap<>();
  private final List<Deletion> deletions = new ArrayList<>();
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

  /** Creates a token for {@code user} as the user would in Forgejo's settings page. */
  public Token issue(String user, String name, List<String> scopes) {
    synchronized (lock) {
      return store(user, name, TokenScopes.normalize(scopes));
    }
  }

  public List<Deletion> deletions() {
    synchronized (lock) {
      return List.copyOf(deletions);
    }
  }

  public List<Token> tokens() {
    synchronized (lock) {
      return List.copyOf(tokens.values());
    }
  }

  @Override
  protected void routes(Router r) {
    r.add("GET", "/api/v1/version", req -> Response.ok(Json.object().put("version", VERSION)));
    r.add("GET", TOKENS, Router.lockedBy(lock, this::list));
    r.add("POST", TOKENS, Router.lockedBy(lock, this::create));
    r.add("DELETE", TOKENS + "/{token}", Router.lockedBy(lock, this::delete));
    Router.Handler notAllowed = req -> message(405, "Method Not Allowed");
    r.otherMethods(TOKENS, notAllowed);
    r.otherMethods(TOKENS + "/{token}", notAllowed);
  }

  /** Unknown paths are 404 before authentication; the version needs none. */
  @Override
  protected Response authorize(Request req, Router.Match match) {
    if (match == null || !match.route().template().startsWith(TOKENS)) {
      return null;
    }
    Doer doer;
    synchronized (lock) {
      doer = doer(req);
    }
    if (doer == null) {
      return message(401, "user does not exist or password is incorrect");
    }
    if (!doer.byPassword()) {
      return message(401, "auth method not allowed");
    }
    if (!doer.user().equals(req.param("user"))) {
      return message(403, "doer should be the site admin or be same as the contextUser");
    }
    req.user(doer.user());
    return null;
  }

  private record Doer(String user, boolean byPassword) {}

  /**
   * Who the request authenticates as (services/auth/basic.go, oauth2.go): a token in {@code
   * Authorization: token|bearer}, or in Basic auth as the user name or the password, is a token;
   * otherwise Basic auth checks the password. Null when nothing matches.
   */
  private Doer doer(Request req) {
    String header = Optional.ofNullable(req.header("Authorization")).orElse("");
    String[] parts = header.split(" ", 2);
    if (parts.length == 2
        && (parts[0].equalsIgnoreCase("token") || parts[0].equalsIgnoreCase("bearer"))) {
      return tokenOwner(parts[1].trim()).map(u -> new Doer(u, false)).orElse(null);
    }
    BasicAuth basic = BasicAuth.parse(header);
    if (basic == null) {
      return null;
    }
    Optional<String> byToken = tokenOwner(basic.login()).or(() -> tokenOwner(basic.secret()));
    if (byToken.isPresent()) {
      return new Doer(byToken.get(), false);
    }
    return basic.secret().equals(passwords.get(basic.login()))
        ? new Doer(basic.login(), true)
        : null;
  }

  private Optional<String> tokenOwner(String value) {
    return tokens.values().stream()
        .filter(t -> t.value().equals(value))
        .map(Token::user)
        .findFirst();
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
      deletions.clear();
    }
  }

  private Response list(Request req) {
    int page = Math.max(1, number(req.query("page"), 1));
    int limit = number(req.query("limit"), 0);
    limit = limit <= 0 ? DEFAULT_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE);
    List<Token> mine = tokens.values().stream().filter(t -> t.user().equals(req.user())).toList();
    ArrayNode out = Json.array();
    mine.stream()
        .skip((long) (page - 1) * limit)
        .limit(limit)
        .forEach(t -> out.add(view(t, false)));
    Response answer = Response.ok(out).header("X-Total-Count", Integer.toString(mine.size()));
    String link = Pagination.link(baseUrl() + req.path(), req.rawQuery(), page, limit, mine.size());
    return link.isEmpty() ? answer : answer.header("Link", link);
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
      throw new ApiError(422, "[Name]: Required");
    }
    if (tokens.values().stream().anyMatch(t -> t.user().equals(user) && t.name().equals(name))) {
      throw ApiError.badRequest("access token name has been used already");
    }
    List<String> requested = new ArrayList<>();
    body.path("scopes").forEach(s -> requested.add(s.asText()));
    List<String> scopes;
    try {
      scopes = TokenScopes.normalize(requested);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("invalid access token scope provided: " + e.getMessage());
    }
    if (scopes.isEmpty()) {
      throw ApiError.badRequest("access token must have a scope");
    }
    return Response.json(201, view(store(user, name, scopes), true));
  }

  private Token store(String user, String name, List<String> scopes) {
    byte[] raw = new byte[20];
    RANDOM.nextBytes(raw);
    Token t = new Token(nextId++, user, name, List.copyOf(scopes), HexFormat.of().formatHex(raw));
    tokens.put(t.id(), t);
    return t;
  }

  /** Deletes by id or, when the path is not a number, by name. */
  private Response delete(Request req) {
    String idOrName = req.param("token");
    long id = number(idOrName, 0);
    List<Token> matches =
        tokens.values().stream()
            .filter(t -> t.user().equals(req.user()))
            .filter(t -> id != 0 ? t.id() == id : t.name().equals(idOrName))
            .toList();
    if (matches.isEmpty()) {
      throw ApiError.notFound("The target couldn't be found.");
    }
    if (matches.size() > 1) {
      throw new ApiError(422, "multiple matches for token name '" + idOrName + "'");
    }
    tokens.remove(matches.getFirst().id());
    deletions.add(new Deletion(matches.getFirst(), Instant.now()));
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

  private static int number(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
