package dev.ferry.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import java.util.List;
import java.util.Map;

/**
 * A failure in the API server's own shape: a {@code Status} object with its code, reason, message
 * and details, built as k8s.io/apimachinery/pkg/api/errors/errors.go builds them (NewNotFound,
 * NewAlreadyExists, NewInvalid, NewConflict, NewBadRequest, ...; Kubernetes 1.31).
 */
final class StatusError extends ApiError {

  /** A field that failed validation (field/errors.go): {@code metadata.name}, and why. */
  record Cause(String field, String reason, String message) {
    static Cause invalid(String field, Object value, String detail) {
      return new Cause(
          field, "FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail);
    }

    static Cause required(String field) {
      return new Cause(field, "FieldValueRequired", "Required value");
    }
  }

  private final ObjectNode details;

  private StatusError(int code, String reason, String message, ObjectNode details) {
    super(code, message, reason);
    this.details = details;
  }

  /** The {@code Status} object of a failure (or, for {@code details}, of a success). */
  static ObjectNode status(
      int code, String status, String reason, String message, ObjectNode details) {
    ObjectNode o = Json.object().put("kind", "Status").put("apiVersion", "v1");
    o.putObject("metadata");
    o.put("status", status);
    if (message != null) {
      o.put("message", message);
    }
    if (reason != null) {
      o.put("reason", reason);
    }
    o.set("details", details == null ? Json.object() : details);
    o.put("code", code);
    return o;
  }

  ObjectNode toStatus() {
    return status(status(), "Failure", reason(), getMessage(), details);
  }

  static ObjectNode details(ApiResource r, String name) {
    ObjectNode d = Json.object().put("name", name);
    if (!r.group().isEmpty()) {
      d.put("group", r.group());
    }
    return d.put("kind", r.plural());
  }

  static StatusError notFound(ApiResource r, String name) {
    return new StatusError(
        404, "NotFound", r.qualifiedName() + " \"" + name + "\" not found", details(r, name));
  }

  /** The namespace lifecycle admission plugin's answer for a write into a missing namespace. */
  static StatusError namespaceNotFound(String namespace) {
    return notFound(ApiResource.namespaces(), namespace);
  }

  static StatusError alreadyExists(ApiResource r, String name) {
    return new StatusError(
        409,
        "AlreadyExists",
        r.qualifiedName() + " \"" + name + "\" already exists",
        details(r, name));
  }

  /** An optimistic-concurrency failure: the request named an older resourceVersion. */
  static StatusError modified(ApiResource r, String name) {
    return new StatusError(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + r.qualifiedName()
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        details(r, name));
  }

  /**
   * Fields other managers own (managedfields/internal/conflict.go): one cause per field, and the
   * message that names each manager and its fields.
   */
  static StatusError applyConflict(Map<String, List<List<String>>> byManager) {
    ObjectNode details = Json.object();
    ArrayNode causes = details.putArray("causes");
    int count = 0;
    StringBuilder listed = new StringBuilder();
    for (Map.Entry<String, List<List<String>>> e :
        byManager.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      String manager = "\"" + e.getKey() + "\"";
      listed
          .append(listed.isEmpty() ? "" : "\n")
          .append("conflicts with ")
          .append(manager)
          .append(':');
      for (List<String> path : e.getValue()) {
        count++;
        String field = FieldSet.print(path);
        causes
            .addObject()
            .put("reason", "FieldManagerConflict")
            .put("message", "conflict with " + manager)
            .put("field", field);
        listed.append("\n- ").append(field);
      }
    }
    String message =
        count == 1
            ? "Apply failed with 1 conflict: "
                + causes.get(0).path("message").asText()
                + ": "
                + causes.get(0).path("field").asText()
            : "Apply failed with " + count + " conflicts: " + listed;
    return new StatusError(409, "Conflict", message, details);
  }

  /** A 422 with one cause per invalid field (errors.NewInvalid). */
  static StatusError invalid(ApiResource r, String name, List<Cause> causes) {
    ObjectNode details = Json.object().put("name", name);
    if (!r.group().isEmpty()) {
      details.put("group", r.group());
    }
    details.put("kind", r.kind());
    ArrayNode list = details.putArray("causes");
    List<String> messages = causes.stream().map(c -> c.field() + ": " + c.message()).toList();
    for (Cause c : causes) {
      list.addObject()
          .put("reason", c.reason())
          .put("message", c.message())
          .put("field", c.field());
    }
    String all = messages.size() == 1 ? messages.get(0) : messages.toString();
    return new StatusError(
        422, "Invalid", r.kind() + " \"" + name + "\" is invalid: " + all, details);
  }

  static StatusError bad(String message) {
    return new StatusError(400, "BadRequest", message, null);
  }

  static StatusError unsupportedMediaType(String contentType) {
    return new StatusError(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/apply-patch+yaml, application/merge-patch+json"
            + (contentType == null ? "" : " (got " + contentType + ")"),
        null);
  }

  static StatusError resourceNotFound() {
    return new StatusError(
        404, "NotFound", "the server could not find the requested resource", null);
  }

  static StatusError methodNotAllowed() {
    return new StatusError(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        null);
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
