package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "fort",
    description = "Fort clusters: hosts with agents, fulfilled by the forge and beacon providers.",
    subcommands = {
      FortCommand.Create.class,
      FortCommand.Show.class,
      FortCommand.Providers.class,
      FortCommand.ClusterFile.class,
      FortCommand.PutHost.class,
      FortAgentCertCommand.class,
      FortCommand.Hosts.class,
      FortCommand.Cycle.class,
      FortCommand.Rotate.class,
      FortCommand.Schedule.class,
      FortCommand.Fulfilments.class,
      FortNamesCommands.Refusals.class,
      FortNamesCommands.Transfer.class,
      FortCommand.Audit.class
    })
class FortCommand {

  private static final Duration CYCLE_TIMEOUT = Duration.ofSeconds(120);

  static String cluster(String name) {
    return "/api/fort/clusters/" + ApiClient.encode(name);
  }

  @Command(
      name = "create",
      description = "Register a cluster; secrets are read from files, never arguments.")
  static class Create implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--domain", required = true)
    String domain;

    @ArgGroup(exclusive = false, heading = "pocket-id (OIDC clients):%n")
    PocketId pocketId;

    @ArgGroup(exclusive = false, heading = "Forgejo (deploy keys):%n")
    Forgejo forgejo;

    @ArgGroup(exclusive = false, heading = "Beacon (public nginx):%n")
    Beacon beacon;

    @Option(names = "--interval", description = "seconds between cycles (default 60)")
    Integer interval;

    @Option(names = "--removal-grace", description = "seconds before revoking a removed service")
    Integer grace;

    @Mixin OutputOptions output = new OutputOptions();

    static class PocketId {
      @Option(names = "--pocket-id-url", required = true)
      String url;

      @Option(names = "--pocket-id-key-file", required = true, description = "its API key")
      Path keyFile;
    }

    static class Forgejo {
      @Option(names = "--forgejo-url", required = true)
      String url;

      @Option(names = "--forgejo-user")
      String user = "";

      @Option(
          names = "--forgejo-password-file",
          required = true,
          description = "the user's password (Forgejo makes tokens only for a password)")
      Path passwordFile;
    }

    static class Beacon {
      @Option(names = "--beacon", required = true, description = "host that runs the nginx")
      String host;

      @Option(
          names = "--beacon-port",
          description = "port nginx listens on for HTTP, which redirects to HTTPS (default 80)")
      Integer listenPort;

      @Option(
          names = "--beacon-tls-port",
          description = "port nginx serves public services on over HTTPS (default 443)")
      Integer tlsPort;

      @Option(
          names = "--beacon-proxy-root",
          description =
              "the beacon agent's proxy credential root, absolute (default /var/lib/fort/proxy)")
      String proxyRoot;
    }

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("domain", domain);
      if (pocketId != null) {
        body.put("pocketId", Map.of("url", pocketId.url, "apiKey", read(pocketId.keyFile)));
      }
      if (forgejo != null) {
        body.put(
            "forgejo",
            Map.of(
                "url", forgejo.url, "user", forgejo.user, "password", read(forgejo.passwordFile)));
      }
      if (beacon != null) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("host", beacon.host);
        b.put("listenPort", beacon.listenPort);
        b.put("tlsPort", beacon.tlsPort);
        b.put("proxyRoot", beacon.proxyRoot);
        body.put("beacon", b);
      }
      body.put("intervalSeconds", interval);
      body.put("removalGraceSeconds", grace);
      return output.print(
          ApiClient.fromEnvironment().post("/api/fort/clusters", body), FortCommand::print);
    }
  }

  @Command(name = "show", description = "A cluster's settings and Ferry's signing public key.")
  static class Show implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(ApiClient.fromEnvironment().get(cluster(name)), FortCommand::print);
    }
  }

  @Command(
      name = "providers",
      description =
          "Change a cluster's provider settings; options left out stay as they are, secrets are"
              + " read from files.")
  static class Providers implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--pocket-id-url")
    String pocketIdUrl;

    @Option(names = "--pocket-id-key-file", description = "a new API key")
    Path pocketIdKeyFile;

    @Option(names = "--forgejo-url")
    String forgejoUrl;

    @Option(names = "--forgejo-user")
    String forgejoUser;

    @Option(names = "--forgejo-password-file", description = "the user's new password")
    Path forgejoPasswordFile;

    @Option(
        names = "--git-write-host",
        description =
            "a host that may receive read-write Forgejo tokens (repeat; replaces the list)")
    List<String> gitWriteHosts;

    @Option(names = "--no-git-write-hosts", description = "no host gets read-write tokens")
    boolean noGitWriteHosts;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      Map<String, Object> pocketId = new LinkedHashMap<>();
      putIfSet(pocketId, "url", pocketIdUrl);
      putIfSet(pocketId, "apiKey", pocketIdKeyFile == null ? null : read(pocketIdKeyFile));
      Map<String, Object> forgejo = new LinkedHashMap<>();
      putIfSet(forgejo, "url", forgejoUrl);
      putIfSet(forgejo, "user", forgejoUser);
      putIfSet(forgejo, "password", forgejoPasswordFile == null ? null : read(forgejoPasswordFile));
      if (!pocketId.isEmpty()) {
        body.put("pocketId", pocketId);
      }
      if (!forgejo.isEmpty()) {
        body.put("forgejo", forgejo);
      }
      if (noGitWriteHosts) {
        body.put("gitWriteHosts", List.of());
      } else if (gitWriteHosts != null) {
        body.put("gitWriteHosts", gitWriteHosts);
      }
      if (body.isEmpty()) {
        throw new CliException(ExitCodes.BAD_INPUT_OR_AUTH, "nothing to change: give an option");
      }
      return output.print(
          ApiClient.fromEnvironment().patch(cluster(name) + "/providers", body),
          FortCommand::print);
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
      if (value != null) {
        map.put(key, value);
      }
    }
  }

  @Command(
      name = "cluster-file",
      description = "The agents' cluster file (principals, keys, roles) as JSON.")
  static class ClusterFile implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment().get(cluster(name) + "/agent-cluster-file"),
          FortCommand::print);
    }
  }

  @Command(name = "host", description = "Add or change a host.")
  static class PutHost implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    @Option(names = "--agent-url", required = true)
    String agentUrl;

    @Option(
        names = "--address",
        description = "where its services listen (default: the agent URL's host)")
    String address;

    @Option(
        names = "--public-key",
        required = true,
        description = "the host's ssh-ed25519 key line")
    String publicKey;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("agentUrl", agentUrl);
      body.put("address", address);
      body.put("publicKey", publicKey);
      return output.print(
          ApiClient.fromEnvironment().put(cluster(name) + "/hosts/" + ApiClient.encode(host), body),
          h -> System.out.printf("%s  %s%n", h.path("name").asText(), h.path("agentUrl").asText()));
    }
  }

  @Command(name = "hosts", description = "Hosts and their health.")
  static class Hosts implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(ApiClient.fromEnvironment().get(cluster(name) + "/hosts"), Hosts::print);
    }

    private static void print(JsonNode hosts) {
      for (JsonNode h : hosts) {
        JsonNode health = h.path("health");
        String state =
            health.isMissingNode() || health.isNull()
                ? "never read"
                : health.path("reachable").asBoolean()
                    ? "reachable, manifest read " + health.path("lastManifestAt").asText()
                    : "UNREACHABLE";
        System.out.printf(
            "%-12s %-32s %s%s%n",
            h.path("name").asText(),
            h.path("agentUrl").asText(),
            state,
            health.hasNonNull("lastFailure")
                ? "  last failure ("
                    + health.path("lastFailureAt").asText()
                    + "): "
                    + health.path("lastFailure").asText()
                : "");
      }
    }
  }

  @Command(
      name = "cycle",
      description = "Run a reconcile cycle now (--wait waits up to 120 seconds).")
  static class Cycle implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Mixin WaitOptions wait = new WaitOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return startAndWait(cluster(name) + "/cycles", wait, output);
    }
  }

  @Command(
      name = "rotate",
      description =
          "Re-issue and re-deliver a host's credentials, then restart (--wait waits up to 120 seconds).")
  static class Rotate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    @Option(names = "--service")
    String service;

    @Mixin WaitOptions wait = new WaitOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      String query = service == null ? "" : "?service=" + ApiClient.encode(service);
      return startAndWait(
          cluster(name) + "/hosts/" + ApiClient.encode(host) + "/rotate" + query, wait, output);
    }
  }

  @Command(
      name = "schedule",
      description =
          "The cluster's reconcile schedule: show, pause, resume or trigger. JSON: the schedule"
              + " after the action.")
  static class Schedule implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "ACTION",
        defaultValue = "show",
        description = "show (default), pause, resume or trigger")
    ScheduleAction action;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      String schedule = cluster(name) + "/schedule";
      if (action == ScheduleAction.SHOW) {
        return output.print(api.get(schedule), FortCommand::print);
      }
      api.post(action.path(schedule), Map.of());
      if (output.json()) { // the API answers these with no body: show where the schedule is now
        return output.print(api.get(schedule), FortCommand::print);
      }
      System.out.println(action.name().toLowerCase(Locale.ROOT) + ": ok");
      return ExitCodes.OK;
    }
  }

  @Command(name = "fulfilments", description = "What was delivered: per host, service and need.")
  static class Fulfilments implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--host")
    String host;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      String query = host == null ? "" : "?host=" + ApiClient.encode(host);
      return output.print(
          ApiClient.fromEnvironment().get(cluster(name) + "/fulfilments" + query),
          Fulfilments::print);
    }

    private static void print(JsonNode fulfilments) {
      for (JsonNode f : fulfilments) {
        System.out.printf(
            "%-10s %-10s %-10s %-50s %s%s%n",
            f.path("host").asText(),
            f.path("service").asText(),
            f.path("need").asText(),
            f.path("fingerprint").asText(),
            f.hasNonNull("expiresAt") ? "expires " + f.path("expiresAt").asText() : "",
            f.hasNonNull("goneSince") ? " (gone since " + f.path("goneSince").asText() + ")" : "");
      }
    }
  }

  @Command(name = "audit", description = "Provider actions, newest first.")
  static class Audit implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--host")
    String host;

    @Option(names = "--service")
    String service;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder("?limit=" + limit);
      if (host != null) {
        query.append("&host=").append(ApiClient.encode(host));
      }
      if (service != null) {
        query.append("&service=").append(ApiClient.encode(service));
      }
      return output.print(
          ApiClient.fromEnvironment().get(cluster(name) + "/audit" + query), Audit::print);
    }

    private static void print(JsonNode entries) {
      for (JsonNode e : entries) {
        System.out.printf(
            "%s  %-8s %-8s %-16s %-7s %s%n",
            e.path("at").asText(),
            e.path("host").asText(),
            e.path("service").asText(),
            e.path("action").asText(),
            e.path("outcome").asText(),
            e.path("detail").asText());
      }
    }
  }

  /**
   * Starts a cycle and, with --wait, waits for it; the cycle closes only after its host runs did.
   */
  static int startAndWait(String path, WaitOptions wait, OutputOptions output) {
    return startAndWait(path, Map.of(), wait, output);
  }

  static int startAndWait(
      String path, Map<String, ?> body, WaitOptions wait, OutputOptions output) {
    ApiClient api = ApiClient.fromEnvironment();
    JsonNode started = api.post(path, body);
    String workflowId = started.path("workflowId").asText();
    return wait.report(
        output,
        started,
        s -> System.out.println(workflowId + "  " + s.path("webUiUrl").asText()),
        workflowId,
        CYCLE_TIMEOUT,
        () -> WorkflowCommand.poll(api, workflowId));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_INPUT_OR_AUTH, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static void print(JsonNode node) {
    System.out.println(node.toPrettyString());
  }
}
