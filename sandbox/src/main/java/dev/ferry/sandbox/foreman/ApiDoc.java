package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.util.List;

/**
 * {@code GET /apidoc/v2.json}: Apipie's description of the API, which binding libraries (apypie and
 * so the Ansible collection, hammer) load before their first call to learn each resource's actions,
 * routes and parameters. Foreman serves it at {@code config.doc_base_url = "/apidoc"}, version
 * {@code v2}, without authentication (config/initializers/apipie.rb, Foreman 3.13). The shape is
 * apipie-rails' ({@code docs.resources.<name>.methods[].apis[]} and {@code params[]}, as
 * ResourceDescription/MethodDescription/ParamDescription#to_json write it); only the routes the
 * stand-in serves are described.
 */
final class ApiDoc {

  private ApiDoc() {}

  private record Param(String name, String type, boolean required, String description) {}

  private record Action(
      String name, String method, String url, String summary, List<Param> params) {}

  private static final Param SEARCH = new Param("search", "string", false, "filter results");
  private static final Param ORDER =
      new Param("order", "string", false, "Sort and order by a searchable field");
  private static final Param PAGE =
      new Param("page", "numeric", false, "Page number, starting at 1");
  // Foreman's validator is /\A([1-9]\d*|all)\Z$/, which Apipie documents as a string
  private static final Param PER_PAGE =
      new Param("per_page", "string", false, "Number of results per page to return, 'all' for all");
  private static final Param ID = new Param("id", "string", true, "id or name");

  static ObjectNode document() {
    ObjectNode root = Json.object();
    ObjectNode docs = root.putObject("docs");
    docs.put("name", "Foreman");
    docs.put(
        "info",
        "The Foreman is aimed to be a single address for all machines life cycle management.");
    docs.put("copyright", "");
    docs.put("doc_url", "/apidoc/v2");
    docs.put("api_url", "/api");
    ObjectNode resources = docs.putObject("resources");
    resource(
        resources,
        "home",
        List.of(new Action("status", "GET", "/api/status", "Show status", List.of())));
    resource(
        resources,
        "ping",
        List.of(
            new Action("ping", "GET", "/api/ping", "Shows status of Foreman system", List.of())));
    resource(
        resources,
        "users",
        List.of(
            new Action("current", "GET", "/api/current_user", "Show the current user", List.of())));
    resource(
        resources,
        "hosts",
        List.of(
            new Action(
                "index",
                "GET",
                "/api/hosts",
                "List all hosts",
                List.of(
                    SEARCH,
                    ORDER,
                    PAGE,
                    PER_PAGE,
                    new Param("thin", "boolean", false, "Only list ID and name of hosts"),
                    new Param("include", "array", false, "Array of extra information types"))),
            new Action("show", "GET", "/api/hosts/:id", "Show a host", List.of(ID))));
    resource(
        resources,
        "fact_values",
        List.of(
            new Action(
                "index",
                "GET",
                "/api/hosts/:host_id/facts",
                "List all fact values of a host",
                List.of(
                    new Param("host_id", "string", true, "ID or name of host"),
                    SEARCH,
                    ORDER,
                    PAGE,
                    PER_PAGE))));
    resource(
        resources,
        "compute_resources",
        List.of(
            new Action(
                "index",
                "GET",
                "/api/compute_resources",
                "List all compute resources",
                List.of(SEARCH, ORDER, PAGE, PER_PAGE)),
            new Action(
                "show",
                "GET",
                "/api/compute_resources/:id",
                "Show a compute resource",
                List.of(ID)),
            new Action(
                "available_clusters",
                "GET",
                "/api/compute_resources/:id/available_clusters",
                "List available clusters for a compute resource",
                List.of(ID))));
    root.putObject("link_overrides");
    return root;
  }

  private static void resource(ObjectNode resources, String name, List<Action> actions) {
    ObjectNode resource = resources.putObject(name);
    resource.put("doc_url", "/apidoc/v2/" + name);
    resource.put("id", name);
    resource.put("api_url", "/api");
    resource.put("name", name.substring(0, 1).toUpperCase() + name.substring(1).replace('_', ' '));
    resource.putNull("short_description");
    resource.put("full_description", "");
    resource.put("version", "v2");
    resource.putArray("formats").add("json");
    resource.putNull("metadata");
    resource.putArray("headers");
    resource.put("deprecated", false);
    ArrayNode methods = resource.putArray("methods");
    for (Action action : actions) {
      ObjectNode method = methods.addObject();
      method.put("doc_url", "/apidoc/v2/" + name + "/" + action.name());
      method.put("name", action.name());
      ObjectNode api = method.putArray("apis").addObject();
      api.put("api_url", action.url());
      api.put("http_method", action.method());
      api.put("short_description", action.summary());
      api.putNull("deprecated");
      method.putArray("formats").add("json");
      method.put("full_description", "");
      method.putArray("errors");
      ArrayNode params = method.putArray("params");
      for (Param p : action.params()) {
        ObjectNode param = params.addObject();
        param.put("name", p.name());
        param.put("full_name", p.name());
        param.put("description", "<p>" + p.description() + "</p>");
        param.put("required", p.required());
        param.put("allow_nil", false);
        param.put("allow_blank", false);
        param.put("validator", "Must be a " + p.type());
        param.put("expected_type", p.type());
        param.putNull("metadata");
        param.put("show", true);
        param.put("deprecated", false);
      }
      method.putArray("examples");
      method.putNull("metadata");
      method.putArray("see");
    }
  }
}
