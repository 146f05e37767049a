package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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

  @Command(name = "list", description = "Configurations and their latest test outcome.")
  static class ListConfigs implements Callable<Integer> {
    @Override
    public Integer call() {
      JsonNode configs = ApiClient.fromEnvironment().get(CONFIGS);
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
      return ExitCodes.OK;
    }
  }

  /** Options shared by create and update; on update every option left out keeps its value. */
  static class Settings {
    @Option(names = "--url", description = "Foreman base URL, e.g. https://foreman.example.com")
    String url;

    @Option(names = "--username", description = "Foreman login owning the token")
    String username;

    @Option(
        names = "--token",
        arity = "0..1",
        interactive = true,
        description =
            "Personal access token (prompted if given without a value; or set FOREMAN_TOKEN)")
    String token;

    @Option(
        names = "--password",
        arity = "0..1",
        interactive = true,
        description = "The user's password instead of a token (prompted if given without a value)")
    String password;

    @Option(
        names = "--verify-tls",
        negatable = true,
        description = "Verify Foreman's certificate (default true)")
    Boolean verifyTls;

    @Option(
        names = "--ca-bundle",
        paramLabel = "PEM_FILE",
        description = "Trust these CA certificates (PEM)")
    Path caBundle;

    @Option(names = "--connect-timeout-ms")
    Integer connectTimeoutMs;

    @Option(names = "--read-timeout-ms")
    Integer readTimeoutMs;

    @Option(
        names = "--hypervisor-search",
        description = "Foreman search that finds bare-metal hypervisors")
    String hypervisorSearch;

    ObjectNode applyTo(ObjectNode body) {
      putIfSet(body, "baseUrl", url);
      putIfSet(body, "username", username);
      String credential =
          token != null ? token : password == null ? System.getenv("FOREMAN_TOKEN") : null;
      body.remove("token");
      body.remove("password");
      if (credential != null && !credential.isBlank()) {
        body.put(password != null ? "password" : "token", password != null ? password : credential);
      }
      if (verifyTls != null) {
        body.put("verifyTls", verifyTls);
      }
      if (caBundle != null) {
        try {
          body.put("caBundlePem", Files.readString(caBundle, StandardCharsets.US_ASCII));
        } catch (IOException e) {
          throw new CliException(
              ExitCodes.BAD_INPUT_OR_AUTH, "cannot read " + caBundle + ": " + e.getMessage());
        }
      }
      if (connectTimeoutMs != null) {
        body.put("connectTimeoutMs", connectTimeoutMs);
      }
      if (readTimeoutMs != null) {
        body.put("readTimeoutMs", readTimeoutMs);
      }
      putIfSet(body, "hypervisorSearch", hypervisorSearch);
      return body;
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
      if (value != null) {
        body.put(field, value);
      }
    }
  }

  @Command(name = "create", description = "Add a Foreman instance (admin).")
  static class Create implements Callable<Integer> {
    @Option(names = "--name", required = true)
    String name;

    @ArgGroup(exclusive = false)
    Settings settings = new Settings();

    @Override
    public Integer call() {
      ObjectNode body = settings.applyTo(JsonNodeFactory.instance.objectNode().put("name", name));
      JsonNode created = ApiClient.fromEnvironment().post(CONFIGS, body);
      System.out.printf(
          "created %s (%s), id %s%n",
          created.path("name").asText(),
          created.path("baseUrl").asText(),
          created.path("id").asText());
      return ExitCodes.OK;
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
    Settings settings = new Settings();

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
      JsonNode updated =
          api.put(CONFIGS + "/" + current.path("id").asText(), settings.applyTo(body));
      System.out.printf(
          "updated %s (%s)%n", updated.path("name").asText(), updated.path("baseUrl").asText());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Remove a configuration and its stored token (admin).")
  static class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      JsonNode current = resolve(api, config);
      api.delete(CONFIGS + "/" + current.path("id").asText());
      System.out.println("deleted " + current.path("name").asText());
      return ExitCodes.OK;
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

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      if (history) {
        for (JsonNode r : api.get(CONFIGS + "/" + id + "/tests?limit=20")) {
          System.out.printf(
              "%s  %-19s %s%n",
              r.path("testedAt").asText(), r.path("outcome").asText(), r.path("message").asText());
        }
        return ExitCodes.OK;
      }
      JsonNode run = api.post(CONFIGS + "/" + id + "/test", JsonNodeFactory.instance.objectNode());
      JsonNode result = run.path("result");
      if (result.isNull() || result.isMissingNode()) {
        System.out.println("test still running: " + run.path("webUiUrl").asText());
        return ExitCodes.TIMED_OUT;
      }
      String outcome = result.path("outcome").asText();
      System.out.printf("%s: %s%n", outcome, result.path("message").asText());
      if (result.hasNonNull("latencyMs")) {
        System.out.printf(
            "  Foreman %s, %d ms%n",
            result.path("foremanVersion").asText(), result.path("latencyMs").asLong());
      }
      if (!result.path("missingPermissions").isEmpty()) {
        System.out.println("  missing permissions: " + result.path("missingPermissions"));
      }
      System.out.println("  " + run.path("webUiUrl").asText());
      return switch (outcome) {
        case "OK" -> ExitCodes.OK;
        case "BAD_CREDENTIALS", "PERMISSION_DENIED" -> ExitCodes.BAD_INPUT_OR_AUTH;
        case "TIMEOUT" -> ExitCodes.TIMED_OUT;
        default -> ExitCodes.FAILED;
      };
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
      if (stillRunning(page)) {
        return ExitCodes.TIMED_OUT;
      }
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
      return ExitCodes.OK;
    }
  }

  @Command(name = "hypervisors", description = "Compute resources and bare-metal hypervisor hosts.")
  static class Hypervisors implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--refresh")
    boolean refresh;

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      JsonNode answer = api.get(CONFIGS + "/" + id + "/hypervisors?" + query(null, refresh));
      if (stillRunning(answer)) {
        return ExitCodes.TIMED_OUT;
      }
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
      return ExitCodes.OK;
    }
  }

  @Command(name = "export", description = "Every host of the snapshot as CSV.")
  static class Export implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID")
    String config;

    @Option(names = "--search")
    String search;

    @Option(names = "--refresh")
    boolean refresh;

    @Option(
        names = {"-o", "--output"},
        description = "Write to this file instead of standard output")
    Path output;

    @Override
    public Integer call() throws IOException {
      ApiClient api = ApiClient.fromEnvironment();
      String id = resolve(api, config).path("id").asText();
      String csv = api.getText(CONFIGS + "/" + id + "/hosts.csv?" + query(search, refresh));
      if (csv.startsWith("{")) { // 202: the inventory is still being collected
        System.err.println("inventory still running; try again shortly");
        return ExitCodes.TIMED_OUT;
      }
      if (output == null) {
        System.out.print(csv);
      } else {
        Files.writeString(output, csv, StandardCharsets.UTF_8);
        System.out.printf("wrote %d hosts to %s%n", csv.lines().count() - 1, output);
      }
      return ExitCodes.OK;
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

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String path = action.path("/api/foreman/schedule");
      JsonNode state =
          action == ScheduleAction.SHOW
              ? api.get(path)
              : api.post(path, JsonNodeFactory.instance.objectNode());
      System.out.printf(
          "%s every %s, %s, %d runs so far; next %s%n",
          state.path("scheduleId").asText(),
          state.path("interval").asText(),
          state.path("paused").asBoolean() ? "PAUSED" : "active",
          state.path("actionsTaken").asLong(),
          state.path("nextRuns"));
      return ExitCodes.OK;
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

  private static boolean stillRunning(JsonNode answer) {
    if ("RUNNING".equals(answer.path("status").asText())) {
      System.out.println("inventory still being collected: " + answer.path("webUiUrl").asText());
      return true;
    }
    return false;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : "-";
  }
}
