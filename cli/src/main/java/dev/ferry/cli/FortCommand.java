package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "fort",
    description = "Fort clusters: hosts with agents, fulfilled by the forge and beacon providers.",
    subcommands = {
      FortCommand.Create.class,
      FortCommand.Show.class,
      FortCommand.ClusterFile.class,
      FortCommand.PutHost.class,
      FortCommand.Hosts.class,
      FortCommand.Cycle.class,
      FortCommand.Rotate.class,
      FortCommand.Schedule.class,
      FortCommand.Fulfilments.class,
      FortCommand.Audit.class
    })
class FortCommand {

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

    @Option(names = "--pocket-id-url")
    String pocketIdUrl;

    @Option(names = "--pocket-id-key-file")
    Path pocketIdKeyFile;

    @Option(names = "--forgejo-url")
    String forgejoUrl;

    @Option(names = "--forgejo-user")
    String forgejoUser;

    @Option(names = "--forgejo-token-file")
    Path forgejoTokenFile;

    @Option(names = "--beacon", description = "host that runs the public nginx")
    String beacon;

    @Option(names = "--beacon-port", description = "port nginx listens on for public services")
    Integer beaconPort;

    @Option(names = "--interval", description = "seconds between cycles (default 60)")
    Integer interval;

    @Option(names = "--removal-grace", description = "seconds before revoking a removed service")
    Integer grace;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("domain", domain);
      if (pocketIdUrl != null) {
        body.put(
            "pocketId",
            Map.of("url", pocketIdUrl, "apiKey", read(pocketIdKeyFile, "--pocket-id-key-file")));
      }
      if (forgejoUrl != null) {
        body.put(
            "forgejo",
            Map.of(
                "url",
                forgejoUrl,
                "user",
                forgejoUser == null ? "" : forgejoUser,
                "token",
                read(forgejoTokenFile, "--forgejo-token-file")));
      }
      if (beacon != null) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("host", beacon);
        b.put("listenPort", beaconPort);
        body.put("beacon", b);
      }
      body.put("intervalSeconds", interval);
      body.put("removalGraceSeconds", grace);
      print(ApiClient.fromEnvironment().post("/api/fort/clusters", body));
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "A cluster's settings and Ferry's signing public key.")
  static class Show implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Override
    public Integer call() {
      print(ApiClient.fromEnvironment().get(cluster(name)));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "cluster-file",
      description = "The agents' cluster file (principals, keys, roles) as JSON.")
  static class ClusterFile implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Override
    public Integer call() {
      System.out.println(
          ApiClient.fromEnvironment().get(cluster(name) + "/agent-cluster-file").toPrettyString());
      return ExitCodes.OK;
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

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("agentUrl", agentUrl);
      body.put("address", address);
      body.put("publicKey", publicKey);
      JsonNode h =
          ApiClient.fromEnvironment().put(cluster(name) + "/hosts/" + ApiClient.encode(host), body);
      System.out.printf("%s  %s%n", h.path("name").asText(), h.path("agentUrl").asText());
      return ExitCodes.OK;
    }
  }

  @Command(name = "hosts", description = "Hosts and their health.")
  static class Hosts implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Override
    public Integer call() {
      for (JsonNode h : ApiClient.fromEnvironment().get(cluster(name) + "/hosts")) {
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
      return ExitCodes.OK;
    }
  }

  @Command(name = "cycle", description = "Run a reconcile cycle now.")
  static class Cycle implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--wait", description = "wait until the cycle (and its host runs) finished")
    boolean await;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait")
    int timeout;

    @Override
    public Integer call() throws InterruptedException {
      ApiClient api = ApiClient.fromEnvironment();
      JsonNode started = api.post(cluster(name) + "/cycles", Map.of());
      System.out.println(
          started.path("workflowId").asText() + "  " + started.path("webUiUrl").asText());
      return await ? waitFor(api, started.path("workflowId").asText(), timeout) : ExitCodes.OK;
    }
  }

  @Command(
      name = "rotate",
      description = "Re-issue and re-deliver a host's credentials, then restart.")
  static class Rotate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    @Option(names = "--service")
    String service;

    @Option(names = "--wait")
    boolean await;

    @Override
    public Integer call() throws InterruptedException {
      ApiClient api = ApiClient.fromEnvironment();
      String query = service == null ? "" : "?service=" + ApiClient.encode(service);
      JsonNode started =
          api.post(
              cluster(name) + "/hosts/" + ApiClient.encode(host) + "/rotate" + query, Map.of());
      System.out.println(
          started.path("workflowId").asText() + "  " + started.path("webUiUrl").asText());
      return await ? waitFor(api, started.path("workflowId").asText(), 120) : ExitCodes.OK;
    }
  }

  @Command(
      name = "schedule",
      description = "The cluster's reconcile schedule: show, pause, resume or trigger.")
  static class Schedule implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String name;

    @Parameters(index = "1", paramLabel = "ACTION", defaultValue = "show")
    String action;

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      switch (action) {
        case "show" -> print(api.get(cluster(name) + "/schedule"));
        case "pause", "resume", "trigger" -> {
          api.post(cluster(name) + "/schedule/" + action, Map.of());
          System.out.println(action + ": ok");
        }
        default ->
            throw new CliException(
                ExitCodes.BAD_INPUT_OR_AUTH, "ACTION is show, pause, resume or trigger");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "fulfilments", description = "What was delivered: per host, service and need.")
  static class Fulfilments implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--host")
    String host;

    @Override
    public Integer call() {
      String query = host == null ? "" : "?host=" + ApiClient.encode(host);
      for (JsonNode f : ApiClient.fromEnvironment().get(cluster(name) + "/fulfilments" + query)) {
        System.out.printf(
            "%-10s %-10s %-10s %-50s %s%s%n",
            f.path("host").asText(),
            f.path("service").asText(),
            f.path("need").asText(),
            f.path("fingerprint").asText(),
            f.hasNonNull("expiresAt") ? "expires " + f.path("expiresAt").asText() : "",
            f.hasNonNull("goneSince") ? " (gone since " + f.path("goneSince").asText() + ")" : "");
      }
      return ExitCodes.OK;
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

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder("?limit=" + limit);
      if (host != null) {
        query.append("&host=").append(ApiClient.encode(host));
      }
      if (service != null) {
        query.append("&service=").append(ApiClient.encode(service));
      }
      for (JsonNode e : ApiClient.fromEnvironment().get(cluster(name) + "/audit" + query)) {
        System.out.printf(
            "%s  %-8s %-8s %-16s %-7s %s%n",
            e.path("at").asText(),
            e.path("host").asText(),
            e.path("service").asText(),
            e.path("action").asText(),
            e.path("outcome").asText(),
            e.path("detail").asText());
      }
      return ExitCodes.OK;
    }
  }

  /** Polls the run until it closes; the cycle closes only after its host runs did. */
  static int waitFor(ApiClient api, String workflowId, int timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode run = api.get("/api/workflows/" + WorkflowCommand.encodePath(workflowId));
      String status = run.path("status").asText();
      if (!status.equals("RUNNING")) {
        System.out.println(workflowId + ": " + status);
        return status.equals("COMPLETED") ? ExitCodes.OK : ExitCodes.FAILED;
      }
      Thread.sleep(500);
    }
    System.out.println(workflowId + ": still running after " + timeoutSeconds + "s");
    return ExitCodes.TIMED_OUT;
  }

  private static String read(Path file, String option) {
    if (file == null) {
      throw new CliException(ExitCodes.BAD_INPUT_OR_AUTH, option + " is required");
    }
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
