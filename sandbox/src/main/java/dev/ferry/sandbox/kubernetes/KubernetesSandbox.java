package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.core.SandboxHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A tiny Kubernetes API server: Secrets, PersistentVolumeClaims and apps/v1 Deployments in
 * namespaces, written by server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}
 * and a {@code fieldManager}), read by {@code GET}, removed by {@code DELETE}. Bodies must be JSON
 * (which is YAML). Errors are {@code Status} objects.
 */
public final class KubernetesSandbox extends SandboxHttpServer {

  private static final String APPLY_PATCH = "application/apply-patch+yaml";

  private record Kind(String apiVersion, String kind) {}

  private static final Map<String, Kind> RESOURCES =
      Map.of(
          "secrets", new Kind("v1", "Secret"),
          "persistentvolumeclaims", new Kind("v1", "PersistentVolumeClaim"),
          "deployments", new Kind("apps/v1", "Deployment"));

  private final Object lock = new Object();
  private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
  private final Map<String, String> managers = new LinkedHashMap<>();
  private volatile String token;
  private long resourceVersion = 1;

  public KubernetesSandbox() {
    super("kubernetes");
  }

  /** Requires {@code Authorization: Bearer <token>} on every request. */
  public KubernetesSandbox token(String token) {
    this.token = token;
    return this;
  }

  @Override
  public KubernetesSandbox start(int port) {
    super.start(port);
    return this;
  }

  /**
   * The stored object at a full API path, e.g. /apis/apps/v1/namespaces/ferry/deployments/x; null
   * if absent.
   */
  public ObjectNode object(String path) {
    synchronized (lock) {
      ObjectNode o = objects.get(path);
      return o == null ? null : o.deepCopy();
    }
  }

  /** The field manager that last applied the object at {@code path}. */
  public String fieldManager(String path) {
    synchronized (lock) {
      return managers.get(path);
    }
  }

  public int objectCount() {
    synchronized (lock) {
      return objects.size();
    }
  }

  @Override
  protected void routes(Router r) {
    for (String resource : new String[] {"secrets", "persistentvolumeclaims"}) {
      String path = "/api/v1/namespaces/{ns}/" + resource + "/{name}";
      r.add("PATCH", path, req -> apply(req, resource));
      r.add("GET", path, req -> get(req));
      r.add("DELETE", path, req -> delete(req));
    }
    String deployments = "/apis/apps/v1/namespaces/{ns}/deployments/{name}";
    r.add("PATCH", deployments, req -> apply(req, "deployments"));
    r.add("GET", deployments, req -> get(req));
    r.add("DELETE", deployments, req -> delete(req));
  }

  private Response apply(Request req, String resource) {
    String contentType = req.header("Content-Type");
    if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
      throw new ApiError(
          415,
          "the body of the request was in an unknown format - accepted media types include: "
              + APPLY_PATCH
              + ", application/merge-patch+json");
    }
    String manager = req.query("fieldManager");
    if (manager == null || manager.isBlank()) {
      throw ApiError.badRequest(
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
              + "is required for apply patch");
    }
    JsonNode body = req.json();
    Kind kind = RESOURCES.get(resource);
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("error decoding YAML: the body is not an object");
    }
    if (!kind.apiVersion().equals(body.path("apiVersion").asText())
        || !kind.kind().equals(body.path("kind").asText())) {
      throw ApiError.badRequest("apiVersion/kind must be " + kind.apiVersion() + "/" + kind.kind());
    }
    String name = req.param("name");
    String namespace = req.param("ns");
    if (!name.equals(body.path("metadata").path("name").asText())) {
      throw ApiError.badRequest(
          "the name of the object ("
              + body.path("metadata").path("name").asText()
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    if (body.path("metadata").has("namespace")
        && !namespace.equals(body.path("metadata").path("namespace").asText())) {
      throw ApiError.badRequest(
          "the namespace of the object does not match the namespace on the request");
    }
    ObjectNode applied = ((ObjectNode) body).deepCopy();
    if (resource.equals("secrets") && applied.has("stringData")) {
      ObjectNode data = applied.with("data");
      applied
          .get("stringData")
          .fields()
          .forEachRemaining(
              e ->
                  data.put(
                      e.getKey(),
                      Base64.getEncoder()
                          .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
      applied.remove("stringData");
    }
    synchronized (lock) {
      ObjectNode existing = objects.get(req.path());
      ObjectNode metadata = applied.with("metadata");
      metadata.put("namespace", namespace);
      boolean created = existing == null;
      if (created) {
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("resourceVersion", String.valueOf(++resourceVersion));
      } else {
        metadata.put("uid", existing.path("metadata").path("uid").asText());
        ObjectNode previous = existing.deepCopy();
        ((ObjectNode) previous.get("metadata")).remove("resourceVersion");
        ObjectNode next = applied.deepCopy();
        ((ObjectNode) next.get("metadata")).remove("resourceVersion");
        // Re-applying the same configuration is a no-op and keeps the resourceVersion.
        metadata.put(
            "resourceVersion",
            previous.equals(next)
                ? existing.path("metadata").path("resourceVersion").asText()
                : String.valueOf(++resourceVersion));
      }
      objects.put(req.path(), applied);
      managers.put(req.path(), manager);
      return Response.json(created ? 201 : 200, visible(applied));
    }
  }

  private Response get(Request req) {
    synchronized (lock) {
      ObjectNode o = objects.get(req.path());
      if (o == null) {
        throw notFound(req);
      }
      return Response.ok(visible(o));
    }
  }

  private Response delete(Request req) {
    synchronized (lock) {
      if (objects.remove(req.path()) == null) {
        throw notFound(req);
      }
      managers.remove(req.path());
      ObjectNode status = status(200, "Success", null);
      return Response.ok(status);
    }
  }

  private static ObjectNode visible(ObjectNode o) {
    return o.deepCopy();
  }

  private static ApiError notFound(Request req) {
    String[] parts = req.path().split("/");
    return ApiError.notFound(
        parts[parts.length - 2] + " \"" + parts[parts.length - 1] + "\" not found");
  }

  private static ObjectNode status(int code, String status, String message) {
    ObjectNode o = Json.object().put("kind", "Status").put("apiVersion", "v1");
    o.putObject("metadata");
    o.put("status", status);
    if (message != null) {
      o.put("message", message);
    }
    o.put("code", code);
    return o;
  }

  private static String reason(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 415 -> "UnsupportedMediaType";
      default -> "InternalError";
    };
  }

  @Override
  protected Response authorize(Request req, Router.Match match) {
    String expected = token;
    if (expected != null && !("Bearer " + expected).equals(req.header("Authorization"))) {
      return Response.json(
          401, status(401, "Failure", "Unauthorized").put("reason", "Unauthorized"));
    }
    return null;
  }

  @Override
  protected Response unknownRoute(Request req) {
    return Response.json(
        404,
        status(404, "Failure", "the server could not find the requested resource")
            .put("reason", "NotFound"));
  }

  @Override
  protected Response error(Request req, ApiError e) {
    return Response.json(
        e.status(),
        status(e.status(), "Failure", e.getMessage()).put("reason", reason(e.status())));
  }

  @Override
  protected ObjectNode stateJson() {
    synchronized (lock) {
      ObjectNode o = Json.object();
      o.putArray("objects")
          .addAll(
              objects.keySet().stream()
                  .map(k -> (JsonNode) Json.MAPPER.getNodeFactory().textNode(k))
                  .toList());
      return o;
    }
  }

  @Override
  protected void resetData() {
    synchronized (lock) {
      objects.clear();
      managers.clear();
    }
  }
}
