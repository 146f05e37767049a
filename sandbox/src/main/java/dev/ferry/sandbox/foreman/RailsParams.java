package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's parameters as Foreman's controllers see them ({@code params}): Rails parses a JSON
 * body by its content type whatever the method, GET included, and merges it under the query string,
 * so a query parameter wins over the same one in the body ({@code
 * request_parameters.merge(query_parameters)} in actionpack/lib/action_dispatch/http/
 * parameters.rb). Clients rely on it: nailgun sends its search as a JSON body on GET.
 */
final class RailsParams {

  /** A body Rails could not parse: Foreman's own 400, whose {@code error} is a plain string. */
  static final class ParseError extends ApiError {
    ParseError(String detail) {
      // rescue_from ActionDispatch::Http::Parameters::ParseError in
      // app/controllers/api/base_controller.rb (Foreman 3.13)
      super(400, "There was a problem in the JSON you submitted: " + detail);
    }
  }

  private final Request request;
  private final JsonNode body;

  private RailsParams(Request request, JsonNode body) {
    this.request = request;
    this.body = body;
  }

  static RailsParams of(Request request) {
    return new RailsParams(request, jsonBody(request));
  }

  /** The query string's value, else the JSON body's (a number or boolean as its text). */
  String get(String name) {
    String query = request.query(name);
    if (query != null) {
      return query;
    }
    JsonNode value = body.get(name);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  /**
   * An array parameter: {@code name[]=a&name[]=b} in the query, or {@code "name": ["a","b"]} in the
   * body.
   */
  List<String> all(String name) {
    List<String> query = request.queryAll(name + "[]");
    if (!query.isEmpty()) {
      return query;
    }
    List<String> values = new ArrayList<>();
    body.path(name).forEach(v -> values.add(v.asText()));
    return values;
  }

  private static JsonNode jsonBody(Request request) {
    String type = request.header("Content-Type");
    byte[] bytes = request.body();
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/json")
        || bytes == null
        || bytes.length == 0) {
      return Json.object();
    }
    try {
      JsonNode json = Json.MAPPER.readTree(bytes);
      // Rails wraps a non-object body under "_json"; none of the stand-in's parameters live there
      return json != null && json.isObject() ? json : Json.object();
    } catch (JsonProcessingException e) {
      throw new ParseError(e.getOriginalMessage());
    } catch (IOException e) {
      throw new ParseError(String.valueOf(e.getMessage()));
    }
  }
}
