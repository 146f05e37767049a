package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "foreman",
    description = "Foreman configurations, connection tests and inventory.",
    subcommands = {
      ForemanCommand.ListConfigs.class,
      ForemanCommand.Create.class,
      ForemanCommand.Update.class,
      ForemanCommand.Delete.class,
      ForemanCommand.Test.class,
      ForemanCommand.Hosts.class,
      ForemanCommand.Hypervisors.class,
      ForemanCommand.Export.class,
      ForemanCommand.Schedule.class
    })
class ForemanCommand {

  private static final String CONFIGS = "/api/foreman/configs";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "list", description = "Configurations and their latest test outcome.")
  static class ListConfigs implements Callable<Integer> {
    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(ApiClient.fromEnvironment().get(CONFIGS), ListConfigs::print);
    }

    private static void print(JsonNode configs) {
      if (configs.isEmpty()) {
        System.out.println("no Foreman configurations (create one with `ferry foreman create`)");
      }
      for (JsonNode c : configs) {
        if (!c.has("baseUrl")) {
          // not an admin: the API shows only id and name
          System.out.printf("%-24s id %s%n", c.path("name").asText(), c.path("id").asText());
          continue;
        }
        JsonNode test = c.path("lastTest");
        System.out.printf(
            "%-24s %-40s user=%s credentials=%s tls=%s  last test: %s%n",
            c.path("name").asText(),
            c.path("baseUrl").asText(),
            c.path("username").asText(),
            c.path("hasCredentials").asBoolean() ? "stored" : "none",
            c.path("verifyTls").asBoolean()
                ? (c.hasNonNull("caBundlePem") ? "verify (CA bundle)" : "verify")
                : "NOT verified",
            test.isMissingNode() || test.isNull()
                ? "never"
                : test.path("outcome").asText() + " at " + test.path("testedAt").asText());
        System.out.println("  id " + c.path("id").asText());
      }
    }
  }

  @Command(name = "create", description = "Add a Foreman instance (admin).")
  static class Create implements Callable<Integer> {
    @Option(names = "--name", required = true)
    String name;

    @ArgGroup(exclusive = false)
    ForemanConfigOptions settings = new ForemanConfigOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ObjectNode body = settings.applyTo(JsonNodeFactory.instance.objectNode().put("name", name));
      return output.print(
          ApiClient.fromEnvironment().post(CONFIGS, body),
          created ->
              System.out.printf(
                  "created %s (%s), id %s%n",
                  created.path("name").asText(),
                  created.path("baseUrl").asText(),
                  created.path("id").asText()));
    }
  }

  @Command(
      name = "update",
      description = "Change a configuration (admin); unspecified settings stay as they are.")
  static class Update implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--name", description = "New name")
    String name;

    @ArgGroup(exclusive = false)
    ForemanConfigOptions settings = new ForemanConfigOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      JsonNode current = resolve(api, config);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      for (String field :
          new String[] {
            "name",
            "baseUrl",
            "username",
            "verifyTls",
            "caBundlePem",
            "connectTimeoutMs",
            "readTimeoutMs",
            "hypervisorSearch"
          }) {
        if (current.hasNonNull(field)) {
          body.set(field, current.get(field));
        }
      }
      if (name != null) {
        body.put("name", name);
      }
      return output.print(
          api.put(CONFIGS + "/" + current.path("id").asText(), settings.applyTo(body)),
          updated ->
              System.out.printf(
                  "updated %s (%s)%n",
                  updated.path("name").asText(), updated.path("baseUrl").asText()));
    }
  }

  @Command(
      name = "delete",
      description = "Remove a configuration and its stored token (admin). JSON: {deleted: NAME}.")
  static class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      JsonNode current = resolve(api, config);
      api.delete(CONFIGS + "/" + current.path("id").asText());
      String name = current.path("name").asText();
      return output.print(Deleted.of(name), d -> System.out.println("deleted " + name));
    }
  }

  @Command(
      name = "test",
      description = "Test the connection now (or show past results with --history).")
  static class Test implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--history", description = "Show the stored results instead of testing")
    boolean history;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      if (history) {
        return output.print(api.get(CONFIGS + "/" + id + "/tests?limit=20"), Test::printHistory);
      }
      JsonNode run = api.post(CONFIGS + "/" + id + "/test", JsonNodeFactory.instance.objectNode());
      output.print(run, Test::print);
      JsonNode result = run.path("result");
      if (result.isNull() || result.isMissingNode()) {
        return ExitCodes.TIMED_OUT;
      }
      return switch (result.path("outcome").asText()) {
        case "OK" -> ExitCodes.OK;
        case "BAD_CREDENTIALS", "PERMISSION_DENIED" -> ExitCodes.BAD_INPUT_OR_AUTH;
        case "TIMEOUT" -> ExitCodes.TIMED_OUT;
        default -> ExitCodes.FAILED;
      };
    }

    private static void printHistory(JsonNode results) {
      for (JsonNode r : results) {
        System.out.printf(
            "%s  %-19s %s%n",
            r.path("testedAt").asText(), r.path("outcome").asText(), r.path("message").asText());
      }
    }

    private static void print(JsonNode run) {
      JsonNode result = run.path("result");
      if (result.isNull() || result.isMissingNode()) {
        System.out.println("test still running: " + run.path("webUiUrl").asText());
        return;
      }
      System.out.printf(
          "%s: %s%n", result.path("outcome").asText(), result.path("message").asText());
      if (result.hasNonNull("latencyMs")) {
        System.out.printf(
            "  Foreman %s, %d ms%n",
            result.path("foremanVersion").asText(), result.path("latencyMs").asLong());
      }
      if (!result.path("missingPermissions").isEmpty()) {
        System.out.println("  missing permissions: " + result.path("missingPermissions"));
      }
      System.out.println("  " + run.path("webUiUrl").asText());
    }
  }

  @Command(name = "hosts", description = "Hosts from the newest inventory snapshot.")
  static class Hosts implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--search", description = "Foreman search, passed through (e.g. 'os ~ Rocky')")
    String search;

    @Option(names = "--refresh", description = "Read Foreman again instead of the stored snapshot")
    boolean refresh;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Option(names = "--offset", defaultValue = "0")
    int offset;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      JsonNode page =
          api.get(
              CONFIGS
                  + "/"
                  + id
                  + "/hosts?"
                  + query(search, refresh)
                  + "&limit="
                  + limit
                  + "&offset="
                  + offset);
      return inventory(output, page, this::print);
    }

    private void print(JsonNode page) {
      JsonNode snapshot = page.path("snapshot");
      System.out.printf(
          "%d hosts (snapshot %s, Foreman %s%s)%n",
          snapshot.path("hostCount").asInt(),
          snapshot.path("completedAt").asText(),
          snapshot.path("foremanVersion").asText(),
          snapshot.path("stale").asBoolean() ? ", stale" : "");
      for (JsonNode h : page.path("hosts")) {
        System.out.printf(
            "%-8s %-36s %-16s %-24s %s%n",
            h.path("id").asText(),
            h.path("name").asText(),
            text(h, "ip"),
            text(h, "operatingSystem"),
            h.hasNonNull("computeResource")
                ? "vm on " + h.path("computeResource").asText()
                : text(h, "model"));
      }
      int shown = page.path("hosts").size();
      if (offset + shown < snapshot.path("hostCount").asInt()) {
        System.out.printf(
            "... %d more (--offset %d)%n",
            snapshot.path("hostCount").asInt() - offset - shown, offset + shown);
      }
    }
  }

  @Command(name = "hypervisors", description = "Compute resources and bare-metal hypervisor hosts.")
  static class Hypervisors implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--refresh")
    boolean refresh;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      return inventory(
          output,
          api.get(CONFIGS + "/" + id + "/hypervisors?" + query(null, refresh)),
          Hypervisors::print);
    }

    private static void print(JsonNode answer) {
      System.out.printf(
          "%d hypervisors (snapshot %s)%n",
          answer.path("hypervisors").size(), answer.path("snapshot").path("completedAt").asText());
      for (JsonNode h : answer.path("hypervisors")) {
        if ("compute_resource".equals(h.path("kind").asText())) {
          System.out.printf(
              "compute resource  %-24s %-10s %s  hosts=%s vms=%s%n",
              h.path("name").asText(),
              text(h, "provider"),
              text(h, "detail"),
              text(h, "hostCount"),
              text(h, "vmCount"));
        } else {
          System.out.printf(
              "bare metal        %-24s %s%n", h.path("name").asText(), text(h, "detail"));
        }
      }
    }
  }

  @Command(
      name = "export",
      description =
          "Every host of the snapshot as CSV, on stdout or into --file. JSON: {hosts: COUNT, file:"
              + " PATH} with --file, else {hosts: COUNT, csv: TEXT}.")
  static class Export implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--search")
    String search;

    @Option(names = "--refresh")
    boolean refresh;

    @Option(
        names = {"-f", "--file"},
        description = "Write to this file instead of standard output")
    Path file;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws IOException {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      String csv = api.getText(CONFIGS + "/" + id + "/hosts.csv?" + query(search, refresh));
      if (csv.startsWith("{")) { // 202: the inventory is still being collected
        System.err.println("inventory still running; try again shortly");
        output.print(JSON.readTree(csv), running -> {}); // with -o json: the run, as JSON
        return ExitCodes.TIMED_OUT;
      }
      ObjectNode result =
          JsonNodeFactory.instance.objectNode().put("hosts", csv.lines().count() - 1);
      if (file == null) {
        return output.print(result.put("csv", csv), r -> System.out.print(csv));
      }
      Files.writeString(file, csv, StandardCharsets.UTF_8);
      return output.print(
          result.put("file", file.toString()),
          r -> System.out.printf("wrote %d hosts to %s%n", r.path("hosts").asLong(), file));
    }
  }

  @Command(
      name = "schedule",
      description = "The periodic connection tests: show, pause, resume or trigger.")
  static class Schedule implements Callable<Integer> {
    @Parameters(
        paramLabel = "ACTION",
        defaultValue = "show",
        description = "show (default), pause, resume or trigger")
    ScheduleAction action;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String path = action.path("/api/foreman/schedule");
      JsonNode state =
          action == ScheduleAction.SHOW
              ? api.get(path)
              : api.post(path, JsonNodeFactory.instance.objectNode());
      return output.print(
          state,
          st ->
              System.out.printf(
                  "%s every %s, %s, %d runs so far; next %s%n",
                  st.path("scheduleId").asText(),
                  st.path("interval").asText(),
                  st.path("paused").asBoolean() ? "PAUSED" : "active",
                  st.path("actionsTaken").asLong(),
                  st.path("nextRuns")));
    }
  }

  /** A configuration by name or id. */
  static JsonNode resolve(ApiClient api, String nameOrId) {
    for (JsonNode c : api.get(CONFIGS)) {
      if (c.path("name").asText().equals(nameOrId) || c.path("id").asText().equals(nameOrId)) {
        return c;
      }
    }
    throw new CliException(
        ExitCodes.BAD_INPUT_OR_AUTH,
        "no Foreman configuration '" + nameOrId + "' (see `ferry foreman list`)");
  }

  private static String query(String search, boolean refresh) {
    return "refresh="
        + refresh
        + (search == null || search.isBlank() ? "" : "&search=" + ApiClient.encode(search));
  }

  /**
   * Prints an inventory answer. While the collection still runs the API answers 202 with the run;
   * that is exit 3, and with -o json the run is what stdout shows.
   */
  private static int inventory(OutputOptions output, JsonNode answer, Consumer<JsonNode> text) {
    boolean running = "RUNNING".equals(answer.path("status").asText());
    output.print(
        answer,
        running
            ? a ->
                System.out.println(
                    "inventory still being collected: " + a.path("webUiUrl").asText())
            : text);
    return running ? ExitCodes.TIMED_OUT : ExitCodes.OK;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : "-";
  }
}
