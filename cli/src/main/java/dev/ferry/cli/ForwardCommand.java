package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "forward",
    description = "Sync deployments to Forward Networks and manage your Forward profiles.",
    subcommands = {
      ForwardCommand.Profile.class,
      ForwardCommand.Sync.class,
      ForwardCommand.Status.class,
      ForwardCommand.Destroy.class,
      ForwardCommand.Deployments.class,
      ForwardCommand.Bastion.class,
      ForwardCollectorCommand.class
    })
class ForwardCommand {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration DESTROY_TIMEOUT = Duration.ofMinutes(10);

  static String deploymentPath(String workspace, String deployment) {
    return "/api/forward/deployments/"
        + ApiClient.encode(workspace)
        + "/"
        + ApiClient.encode(deployment);
  }

  @Command(
      name = "profile",
      description = "Your Forward connections (credentials are stored encrypted, never shown).",
      subcommands = {
        Profile.List.class,
        Profile.Create.class,
        Profile.Update.class,
        Profile.Delete.class,
        Profile.Test.class
      })
  static class Profile {

    static class Fields {
      @Option(names = "--base-url", description = "Forward URL (default https://fwd.app)")
      String baseUrl;

      @Option(names = "--username", description = "API token access key, or Forward login")
      String username;

      @Option(
          names = "--password",
          arity = "0..1",
          interactive = true,
          description = "API token secret key, or password (prompted when given without a value)")
      String password;

      @Option(names = "--skip-tls-verify", description = "Do not verify Forward's TLS certificate")
      boolean skipTlsVerify;

      @Option(
          names = "--ca-file",
          description = "PEM file with the CA that signed Forward's certificate")
      Path caFile;

      @Option(
          names = "--collector",
          description = "Preferred collector (name or username) already running")
      String collector;

      @Option(names = "--default", description = "Make this your default profile")
      boolean makeDefault;

      ObjectNode body(String name) {
        ObjectNode body =
            JSON.createObjectNode()
                .put("name", name)
                .put("baseUrl", baseUrl)
                .put("username", username)
                .put("password", password)
                .put("skipTlsVerify", skipTlsVerify)
                .put("preferredCollector", collector)
                .put("isDefault", makeDefault);
        if (caFile != null) {
          try {
            body.put("caCertificate", Files.readString(caFile));
          } catch (IOException e) {
            throw new CliException(
                ExitCodes.BAD_INPUT_OR_AUTH, "cannot read " + caFile + ": " + e.getMessage());
          }
        }
        return body;
      }
    }

    static void print(JsonNode p) {
      System.out.printf(
          "%-20s %s%s%s%s%n",
          p.path("name").asText(),
          p.path("baseUrl").asText(),
          p.path("isDefault").asBoolean() ? "  (default)" : "",
          p.path("hasSecret").asBoolean() ? "  credentials set" : "",
          p.path("preferredCollector").isTextual()
              ? "  collector " + p.path("preferredCollector").asText()
              : "");
    }

    @Command(name = "list", description = "List your Forward profiles.")
    static class List implements Callable<Integer> {
      @Mixin OutputOptions output = new OutputOptions();

      @Override
      public Integer call() {
        return output.print(
            ApiClient.fromEnvironment().get("/api/forward/profiles"),
            profiles -> profiles.forEach(Profile::print));
      }
    }

    @Command(name = "create", description = "Create a Forward profile.")
    static class Create implements Callable<Integer> {
      @Parameters(paramLabel = "NAME")
      String name;

      @Mixin Fields fields = new Fields();

      @Mixin OutputOptions output = new OutputOptions();

      @Override
      public Integer call() {
        return output.print(
            ApiClient.fromEnvironment().post("/api/forward/profiles", fields.body(name)),
            Profile::print);
      }
    }

    @Command(
        name = "update",
        description = "Update a Forward profile (omit --username/--password to keep them).")
    static class Update implements Callable<Integer> {
      @Parameters(paramLabel = "NAME")
      String name;

      @Mixin Fields fields = new Fields();

      @Mixin OutputOptions output = new OutputOptions();

      @Override
      public Integer call() {
        return output.print(
            ApiClient.fromEnvironment()
                .put("/api/forward/profiles/" + ApiClient.encode(name), fields.body(name)),
            Profile::print);
      }
    }

    @Command(
        name = "delete",
        description =
            "Delete a Forward profile and its collectors (in Forward and the cluster). JSON:"
                + " {deleted: NAME}.")
    static class Delete implements Callable<Integer> {
      @Parameters(paramLabel = "NAME")
      String name;

      @Option(
          names = "--force",
          description = "Delete even while deployments use it (Ferry forgets those deployments)")
      boolean force;

      @Mixin OutputOptions output = new OutputOptions();

      @Override
      public Integer call() {
        ApiClient.fromEnvironment()
            .delete(
                "/api/forward/profiles/" + ApiClient.encode(name) + (force ? "?force=true" : ""));
        return output.print(Deleted.of(name), d -> System.out.println("deleted " + name));
      }
    }

    @Command(name = "test", description = "Test a profile: ok (with Forward's version) or why not.")
    static class Test implements Callable<Integer> {
      @Parameters(paramLabel = "NAME")
      String name;

      @Mixin OutputOptions output = new OutputOptions();

      @Override
      public Integer call() {
        JsonNode outcome =
            ApiClient.fromEnvironment()
                .post(
                    "/api/forward/profiles/" + ApiClient.encode(name) + "/test",
                    JSON.createObjectNode());
        output.print(
            outcome,
            o -> {
              System.out.printf("%s: %s%n", o.path("status").asText(), o.path("message").asText());
              System.out.println("  " + o.path("webUiUrl").asText());
            });
        return "ok".equals(outcome.path("status").asText()) ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
  }

  static class Target {
    @Option(names = "--workspace", required = true)
    String workspace;

    @Option(names = "--deployment", required = true)
    String deployment;
  }

  @Command(
      name = "sync",
      description = "Sync a deployment's inventory to Forward (--wait waits up to 30 minutes).")
  static class Sync implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Option(
        names = "--inventory",
        required = true,
        description =
            "JSON file: {deploymentType?, devices:[{name,kind,host,port?,username?,password?}], linuxHosts?, jumpServer? | bastion: true, collector?}")
    Path inventory;

    @Option(
        names = "--type",
        description = "netlab-c9s, clabernetes, labpp or byos (overrides the file)")
    String type;

    @Option(names = "--profile", description = "Forward profile (default: your default profile)")
    String profile;

    @Option(
        names = "--no-wait-collection",
        description =
            "End the sync once Forward's collection is started, without following it to its end")
    boolean noWaitCollection;

    @Mixin WaitOptions wait = new WaitOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ObjectNode body = readInventory();
      body.put("workspace", target.workspace).put("deployment", target.deployment);
      if (type != null) {
        body.put("deploymentType", type);
      }
      if (profile != null) {
        body.put("profile", profile);
      }
      if (noWaitCollection) {
        body.put("noWaitCollection", true);
      }
      ApiClient api = ApiClient.fromEnvironment();
      JsonNode started = api.post("/api/forward/deployments/sync", body);
      return wait.report(
          output,
          started,
          s -> {
            System.out.printf(
                "%s %s%n",
                s.path("alreadyRunning").asBoolean() ? "already running:" : "started",
                s.path("workflowId").asText());
            System.out.println("  " + s.path("webUiUrl").asText());
          },
          "sync",
          SYNC_TIMEOUT,
          () -> deploymentRun(api, target, "sync"));
    }

    private ObjectNode readInventory() {
      try {
        JsonNode node = JSON.readTree(Files.readString(inventory));
        if (!(node instanceof ObjectNode object)) {
          throw new CliException(
              ExitCodes.BAD_INPUT_OR_AUTH, inventory + " must hold a JSON object");
        }
        return object;
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.BAD_INPUT_OR_AUTH, "cannot read " + inventory + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "status",
      description = "Forward network, device counts and the latest sync/destroy runs.")
  static class Status implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment().get(deploymentPath(target.workspace, target.deployment)),
          Status::print);
    }

    private static void print(JsonNode d) {
      System.out.printf(
          "%s/%s  %s  profile %s%n",
          d.path("workspace").asText(),
          d.path("deployment").asText(),
          d.path("deploymentType").asText(),
          d.path("profile").asText());
      System.out.printf(
          "  Forward network %s (%s), %d devices, %d Linux hosts, last synced %s%n",
          d.path("networkId").asText("-"),
          d.path("networkName").asText("-"),
          d.path("devices").asInt(),
          d.path("linuxHosts").asInt(),
          d.path("syncedAt").asText("never"));
      for (String run : new String[] {"sync", "destroy"}) {
        JsonNode r = d.path(run);
        if (r.isObject()) {
          System.out.printf(
              "  %s %s %s%s%n",
              run,
              r.path("workflowId").asText(),
              r.path("status").asText(),
              r.path("failure").isTextual() ? ": " + r.path("failure").asText() : "");
          System.out.println("    " + r.path("webUiUrl").asText());
          printCollection(r.path("result"));
        }
      }
    }

    /** A finished sync's collection and what Forward could not model in its snapshot. */
    private static void printCollection(JsonNode result) {
      if (!result.isObject() || result.path("collectionTaskId").isNull()) {
        return;
      }
      System.out.printf(
          "    collection %s %s, snapshot %s%n",
          result.path("collectionTaskId").asText(),
          result.path("collectionStatus").asText("not followed"),
          result.path("snapshotId").asText("-"));
      for (JsonNode missing : result.path("missingDevices")) {
        System.out.printf(
            "    missing device %s %s, seen by %s%n",
            missing.path("name").asText(), missing.path("ipAddresses"), missing.path("neighbors"));
      }
    }
  }

  @Command(
      name = "destroy",
      description =
          "Remove the deployment's devices from Forward (or its whole network); --wait waits up to 10 minutes.")
  static class Destroy implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Option(names = "--delete-network", description = "Delete the Forward network itself")
    boolean deleteNetwork;

    @Mixin WaitOptions wait = new WaitOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient api = ApiClient.fromEnvironment();
      JsonNode started =
          api.post(
              deploymentPath(target.workspace, target.deployment)
                  + "/destroy?deleteNetwork="
                  + deleteNetwork,
              JSON.createObjectNode());
      return wait.report(
          output,
          started,
          s -> {
            System.out.println("started " + s.path("workflowId").asText());
            System.out.println("  " + s.path("webUiUrl").asText());
          },
          "destroy",
          DESTROY_TIMEOUT,
          () -> deploymentRun(api, target, "destroy"));
    }
  }

  @Command(
      name = "deployments",
      description =
          "Your deployments (an admin sees everyone's, filterable by --owner); --workspace narrows.")
  static class Deployments implements Callable<Integer> {
    @Option(names = "--owner", description = "Admin only: this user's deployments")
    String owner;

    @Option(names = "--workspace")
    String workspace;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder();
      if (owner != null) {
        query.append("&owner=").append(ApiClient.encode(owner));
      }
      if (workspace != null) {
        query.append("&workspace=").append(ApiClient.encode(workspace));
      }
      String path = "/api/forward/deployments" + (query.isEmpty() ? "" : "?" + query.substring(1));
      return output.print(ApiClient.fromEnvironment().get(path), Deployments::print);
    }

    private static void print(JsonNode deployments) {
      for (JsonNode d : deployments) {
        System.out.printf(
            "%-40s %-12s %-16s network %s, %d devices, %d Linux hosts, last synced %s%n",
            d.path("workspace").asText() + "/" + d.path("deployment").asText(),
            d.path("deploymentType").asText(),
            d.path("owner").asText(),
            d.path("networkId").asText("-"),
            d.path("devices").asInt(),
            d.path("linuxHosts").asInt(),
            d.path("syncedAt").asText("never"));
      }
    }
  }

  @Command(
      name = "bastion",
      description = "The SSH bastion Ferry runs for your byos deployments (bastion: true).",
      subcommands = {Bastion.Rotate.class})
  static class Bastion {

    @Command(
        name = "rotate",
        description =
            "New key pair for the deployment's bastion; re-syncs every deployment on it."
                + " JSON: {bastion, syncs:[{workflowId, runId, alreadyRunning, webUiUrl}]}.")
    static class Rotate implements Callable<Integer> {
      @Mixin Target target = new Target();

      @Mixin OutputOptions output = new OutputOptions();

      @Override
      public Integer call() {
        JsonNode rotated =
            ApiClient.fromEnvironment()
                .post(
                    deploymentPath(target.workspace, target.deployment) + "/bastion/rotate",
                    JSON.createObjectNode());
        return output.print(
            rotated,
            r -> {
              System.out.println("rotated the key of " + r.path("bastion").asText());
              r.path("syncs")
                  .forEach(
                      sync ->
                          System.out.println(
                              "  sync "
                                  + sync.path("workflowId").asText()
                                  + (sync.path("alreadyRunning").asBoolean()
                                      ? " (already running)"
                                      : "")));
            });
      }
    }
  }

  /** One look at the deployment's latest sync or destroy run, for {@link RunWaiter}. */
  static RunWaiter.Poll deploymentRun(ApiClient api, Target target, String run) {
    JsonNode r = api.get(deploymentPath(target.workspace, target.deployment)).path(run);
    JsonNode p = r.path("progress");
    return new RunWaiter.Poll(
        r.path("status").asText("PENDING"),
        p.isObject()
            ? String.format(
                "%s: %d/%d devices%s",
                p.path("phase").asText(),
                p.path("devicesDone").asInt(),
                p.path("devicesTotal").asInt(),
                p.path("missingDevices").isEmpty()
                    ? ""
                    : ", " + p.path("missingDevices").size() + " missing devices")
            : null,
        r.path("failure").isTextual() ? r.path("failure").asText() : null);
  }
}
