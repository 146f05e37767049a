package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "workflow",
    description = "Inspect workflow runs.",
    subcommands = {WorkflowCommand.Show.class, WorkflowCommand.ListRuns.class})
class WorkflowCommand {

  @Command(name = "show", description = "Status, type, times and Web UI link of a run.")
  static class Show implements Callable<Integer> {
    @Parameters(paramLabel = "WORKFLOW_ID")
    String workflowId;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment().get("/api/workflows/" + encodePath(workflowId)), Show::print);
    }

    private static void print(JsonNode run) {
      System.out.printf(
          "%s  %s  %s%n",
          run.path("workflowId").asText(), run.path("type").asText(), run.path("status").asText());
      System.out.printf(
          "  started %s%s%n",
          run.path("startTime").asText(),
          run.hasNonNull("closeTime") ? ", closed " + run.path("closeTime").asText() : "");
      run.path("searchAttributes")
          .fields()
          .forEachRemaining(
              e ->
                  System.out.printf(
                      "  %s = %s%n",
                      e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue()));
      System.out.println("  " + run.path("webUiUrl").asText());
    }
  }

  @Command(
      name = "list",
      description =
          "Your runs, newest first (an admin sees everyone's). JSON: {workflows: [...],"
              + " nextPageToken}.")
  static class ListRuns implements Callable<Integer> {
    @Option(names = "--type", description = "Workflow type, e.g. ForwardSyncWorkflow")
    String type;

    @Option(
        names = "--status",
        description =
            "RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW or TIMED_OUT")
    String status;

    @Option(
        names = "--since",
        description = "Started at or after: 2026-01-31T00:00:00Z, or how long ago: PT24H, P7D")
    String since;

    @Option(names = "--owner", description = "Admin only: this user's runs")
    String owner;

    @Option(names = "--page-size", description = "Runs per page, 1-500 (default 50)")
    Integer pageSize;

    @Option(names = "--page-token", description = "Continue where the last page ended")
    String pageToken;

    @Option(names = "--all", description = "Follow every page to the end")
    boolean all;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      ObjectNode page = (ObjectNode) api.get(path(pageToken));
      ArrayNode runs = page.withArray("workflows");
      while (all && page.hasNonNull("nextPageToken")) {
        ObjectNode next = (ObjectNode) api.get(path(page.path("nextPageToken").asText()));
        runs.addAll(next.withArray("workflows"));
        page.set("nextPageToken", next.get("nextPageToken"));
      }
      return output.print(page, ListRuns::print);
    }

    private String path(String token) {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("type", type);
      query.put("status", status);
      query.put("since", since);
      query.put("owner", owner);
      query.put("pageSize", pageSize);
      query.put("pageToken", token);
      String params =
          query.entrySet().stream()
              .filter(e -> e.getValue() != null)
              .map(e -> e.getKey() + "=" + ApiClient.encode(e.getValue().toString()))
              .collect(Collectors.joining("&"));
      return "/api/workflows" + (params.isEmpty() ? "" : "?" + params);
    }

    private static void print(JsonNode page) {
      for (JsonNode run : page.path("workflows")) {
        System.out.printf(
            "%-48s %-28s %-10s %s%n",
            run.path("workflowId").asText(),
            run.path("type").asText(),
            run.path("status").asText(),
            run.path("startTime").asText());
      }
      if (page.hasNonNull("nextPageToken")) {
        System.out.println("more: --page-token " + page.path("nextPageToken").asText());
      }
    }
  }

  /** One look at a run by id, for {@link RunWaiter}. */
  static RunWaiter.Poll poll(ApiClient api, String workflowId) {
    return new RunWaiter.Poll(
        api.get("/api/workflows/" + encodePath(workflowId)).path("status").asText(), null, null);
  }

  /**
   * Workflow ids contain '/' (e.g. forward-sync/ws/dep); keep it as a path separator, escape the
   * rest.
   */
  static String encodePath(String id) {
    StringBuilder out = new StringBuilder();
    for (String part : id.split("/", -1)) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(ApiClient.encode(part));
    }
    return out.toString();
  }
}
