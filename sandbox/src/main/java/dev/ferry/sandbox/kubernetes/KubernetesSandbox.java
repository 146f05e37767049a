package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Kubernetes API server for the kinds Ferry writes (see {@link ApiResource}): discovery ({@code
 * /version}, {@code /api}, {@code /apis}), server-side apply with field managers, conflicts and
 * force ({@link FieldManager}), create, get, list with label selectors, and delete, answering
 * failures with the API server's {@code Status} objects ({@link StatusError}). It follows
 * Kubernetes 1.31; the official Kubernetes Java client drives it in its tests.
 */
public final class KubernetesSandbox extends SandboxHttpServer {

  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Paths the {@code system:public-info-viewer} role opens to anonymous callers. */
  private static final Set<String> PUBLIC = Set.of("/version", "/healthz", "/livez", "/readyz");

  private final ObjectStore store = new ObjectStore();
  private volatile String token;

  public KubernetesSandbox() {
    super("kubernetes");
  }

  /** Requires {@code Authorization: Bearer <token>} on every request. */
  public KubernetesSandbox token(String token) {
    this.token = token;
    return this;
  }

  /**
   * The address a load-balancer controller gives LoadBalancer services; without one they stay
   * pending, as on a cluster with no load-balancer implementation.
   */
  public KubernetesSandbox loadBalancerAddress(String address) {
    store.defaults().loadBalancerAddress(address);
    return this;
  }

  @Override
  public KubernetesSandbox start(int port) {
    super.start(port);
    return this;
  }

  /**
   * The stored object at its canonical path, as a GET returns it, e.g.
   * /apis/apps/v1/namespaces/ferry/deployments/x; null if absent.
   */
  public ObjectNode object(String path) {
    return store.object(path);
  }

  /** The field managers of the object at {@code path}, as {@code name/operation}. */
  public List<String> fieldManagers(String path) {
    ObjectNode o = store.object(path);
    List<String> out = new ArrayList<>();
    if (o != null) {
      o.at("/metadata/managedFields")
          .forEach(m -> out.add(m.path("manager").asText() + "/" + m.path("operation").asText()));
    }
    return out;
  }

  /** Paths of every stored object, namespaces included. */
  public List<String> objectPaths() {
    return store.paths();
  }

  public int objectCount() {
    return store.paths().size();
  }

  @Override
  protected void routes(Router r) {
    r.add("GET", "/version", req -> Response.ok(Discovery.version()));
    r.add("GET", "/healthz", req -> Response.ok(Json.object().put("status", "ok")));
    r.add(
        "GET",
        "/api",
        req ->
            Response.ok(
                Discovery.coreVersions(req.header("Host") == null ? "" : req.header("Host"))));
    r.add("GET", "/apis", req -> Response.ok(Discovery.groups()));
    r.add("GET", "/api/v1", req -> Response.ok(Discovery.resources("", "v1")));
    r.add("GET", "/apis/{group}", req -> found(Discovery.group(req.param("group"))));
    r.add(
        "GET",
        "/apis/{group}/{version}",
        req -> found(Discovery.resources(req.param("group"), req.param("version"))));
    resources(r, "/api/v1", "", "v1");
    resources(r, "/apis/{group}/{version}", null, null);
  }

  /** The collection and item routes of one group version, namespaced and cluster-wide. */
  private void resources(Router r, String prefix, String group, String version) {
    for (boolean namespaced : new boolean[] {true, false}) {
      String base = prefix + (namespaced ? "/namespaces/{ns}" : "") + "/{resource}";
      String item = base + "/{name}";
      r.add(
          "GET",
          item,
          req ->
              Response.ok(
                  store.get(
                      resolve(req, group, version, namespaced, true),
                      req.param("ns"),
                      req.param("name"))));
      r.add("PATCH", item, req -> apply(req, resolve(req, group, version, namespaced, true)));
      r.add(
          "DELETE",
          item,
          req ->
              Response.ok(
                  store.delete(
                      resolve(req, group, version, namespaced, true),
                      req.param("ns"),
                      req.param("name"))));
      r.add("GET", base, req -> list(req, resolve(req, group, version, namespaced, false)));
      r.add(
          "POST",
          base,
          req -> create(req, resolve(req, group, version, namespaced, false), namespaced));
      Router.Handler notAllowed =
          req -> {
            throw StatusError.methodNotAllowed();
          };
      r.otherMethods(item, notAllowed);
      r.otherMethods(base, notAllowed);
    }
  }

  /**
   * The resource a path names. A namespaced kind has no cluster-wide item path, and a
   * cluster-scoped kind no namespaced one: both are "not found", as on a real server.
   */
  private static ApiResource resolve(
      Request req, String group, String version, boolean namespacedPath, boolean item) {
    ApiResource r =
        ApiResource.find(
                group == null ? req.param("group") : group,
                version == null ? req.param("version") : version,
                req.param("resource"))
            .orElseThrow(StatusError::resourceNotFound);
    if ((namespacedPath && !r.namespaced()) || (!namespacedPath && item && r.namespaced())) {
      throw StatusError.resourceNotFound();
    }
    return r;
  }

  private Response apply(Request req, ApiResource r) {
    String contentType = req.header("Content-Type");
    if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
      throw StatusError.unsupportedMediaType(contentType);
    }
    String manager = req.query("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw StatusError.bad(
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required"
              + " for apply patch");
    }
    if (manager.length() > 128) {
      throw StatusError.bad(
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than"
              + " 128 bytes");
    }
    ObjectNode body = object(req);
    String name = req.param("name");
    checkIdentity(r, body, name, req.param("ns"), true);
    if (body.at("/metadata/managedFields").isArray()) {
      throw StatusError.bad("metadata.managedFields must be nil");
    }
    ObjectStore.Written w =
        store.apply(r, req.param("ns"), name, body, manager, flag(req, "force"), dryRun(req));
    return Response.json(w.code(), w.body());
  }

  private Response create(Request req, ApiResource r, boolean namespacedPath) {
    if (!namespacedPath && r.namespaced()) {
      throw StatusError.methodNotAllowed();
    }
    ObjectNode body = object(req);
    checkIdentity(r, body, null, req.param("ns"), false);
    String manager = req.query("fieldManager");
    if (manager == null || manager.isEmpty()) {
      // The API server names an unnamed updater after its user agent (handlers/rest.go).
      String agent = req.header("User-Agent");
      manager = agent == null || agent.isEmpty() ? "unknown" : agent.split("/", 2)[0];
    }
    ObjectStore.Written w = store.create(r, req.param("ns"), body, manager, dryRun(req));
    return Response.json(w.code(), w.body());
  }

  private Response list(Request req, ApiResource r) {
    return Response.ok(store.list(r, req.param("ns"), selector(req.query("labelSelector"))));
  }

  /**
   * A label selector of equality, inequality and existence requirements
   * (apimachinery/pkg/labels/selector.go); set-based ones ({@code in}, {@code notin}) are not
   * served.
   */
  private static Predicate<JsonNode> selector(String expression) {
    Predicate<JsonNode> all = labels -> true;
    if (expression == null || expression.isBlank()) {
      return all;
    }
    for (String requirement : expression.split(",")) {
      String req = requirement.trim();
      Predicate<JsonNode> p;
      if (req.contains("!=")) {
        String[] kv = req.split("!=", 2);
        p = labels -> !kv[1].trim().equals(labels.path(kv[0].trim()).asText(null));
      } else if (req.contains("=")) {
        String[] kv = req.split("==?", 2);
        p = labels -> kv[1].trim().equals(labels.path(kv[0].trim()).asText(null));
      } else if (req.startsWith("!")) {
        p = labels -> !labels.has(req.substring(1).trim());
      } else if (req.matches("[A-Za-z0-9./_-]+")) {
        p = labels -> labels.has(req);
      } else {
        throw StatusError.bad("unable to parse requirement: " + req);
      }
      all = all.and(p);
    }
    return all;
  }

  /**
   * The body's apiVersion, kind, name and namespace must be those of the URL (handlers/patch.go,
   * create.go).
   */
  private static void checkIdentity(
      ApiResource r, ObjectNode body, String name, String namespace, boolean apply) {
    String apiVersion = body.path("apiVersion").asText();
    if (apply && !r.apiVersion().equals(apiVersion)) {
      throw StatusError.bad(
          "Incorrect version specified in apply patch. Specified patch version: "
              + apiVersion
              + ", expected: "
              + r.apiVersion());
    }
    String kind = body.path("kind").asText();
    if ((apply || !kind.isEmpty()) && !r.kind().equals(kind)) {
      throw StatusError.bad(
          "the object provided is unrecognized (must be of type " + r.kind() + "): kind " + kind);
    }
    String bodyName = body.at("/metadata/name").asText();
    if (name != null && !name.equals(bodyName)) {
      throw StatusError.bad(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    JsonNode ns = body.at("/metadata/namespace");
    if (r.namespaced() && ns.isTextual() && !ns.asText().equals(namespace)) {
      throw StatusError.bad(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  /** The body as an object; the apply patch type is YAML, of which JSON is a subset. */
  private static ObjectNode object(Request req) {
    JsonNode body;
    try {
      body = req.body().length == 0 ? null : YAML.readTree(req.body());
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      throw StatusError.bad("error decoding YAML: " + msg.split("\n", 2)[0]);
    }
    if (body == null || !body.isObject()) {
      throw StatusError.bad("error decoding YAML: the body is not an object");
    }
    return (ObjectNode) body;
  }

  private static boolean flag(Request req, String name) {
    String value = req.query(name);
    if (value == null || value.isEmpty() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw StatusError.bad(
        "failed to parse query parameter "
            + name
            + ": strconv.ParseBool: parsing \""
            + value
            + "\": invalid syntax");
  }

  private static boolean dryRun(Request req) {
    String value = req.query("dryRun");
    if (value == null) {
      return false;
    }
    if (!value.equals("All")) {
      throw StatusError.bad("Invalid dry run value: " + value + ": supported values: \"All\"");
    }
    return true;
  }

  private static Response found(ObjectNode body) {
    if (body == null) {
      throw StatusError.resourceNotFound();
    }
    return Response.ok(body);
  }

  @Override
  protected Response authorize(Request req, Router.Match match) {
    String expected = token;
    String header = req.header("Authorization");
    if (expected == null || ("Bearer " + expected).equals(header)) {
      return null;
    }
    if (header == null && PUBLIC.contains(req.path().replaceFirst("/$", ""))) {
      return null;
    }
    return Response.json(
        401, StatusError.status(401, "Failure", "Unauthorized", "Unauthorized", null));
  }

  @Override
  protected Response unknownRoute(Request req) {
    return error(req, StatusError.resourceNotFound());
  }

  @Override
  protected Response error(Request req, ApiError e) {
    if (e instanceof StatusError s) {
      return Response.json(s.status(), s.toStatus());
    }
    // the shared fault switches raise plain ApiErrors: give them the Status shape too
    String reason =
        switch (e.status()) {
          case 429 -> "TooManyRequests";
          case 503 -> "ServiceUnavailable";
          default -> "InternalError";
        };
    return Response.json(
        e.status(), StatusError.status(e.status(), "Failure", reason, e.getMessage(), null));
  }

  @Override
  protected ObjectNode stateJson() {
    ObjectNode o = Json.object();
    store.paths().forEach(o.putArray("objects")::add);
    return o;
  }

  @Override
  protected void resetData() {
    store.clear();
  }
}
