package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "workflow",
    description = "Inspect workflow runs.",
    subcommands = WorkflowCommand.Show.class)
class WorkflowCommand {

  @Command(name = "show", description = "Status, type, times and Web UI link of a run.")
  static class Show implements Callable<Integer> {
    @Parameters(paramLabel = "WORKFLOW_ID")
    String workflowId;

    @Override
    public Integer call() {
      JsonNode run = ApiClient.fromEnvironment().get("/api/workflows/" + encodePath(workflowId));
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
      return ExitCodes.OK;
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
