package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "collector",
    description = "The collectors Ferry registered for one of your Forward profiles.",
    subcommands = {ForwardCollectorCommand.Status.class, ForwardCollectorCommand.Reregister.class})
class ForwardCollectorCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  static String path(String profile) {
    return "/api/forward/profiles/" + ApiClient.encode(profile) + "/collectors";
  }

  /** One line per collector: Forward's view, then the in-cluster Deployment's readiness. */
  static void print(JsonNode collectors) {
    if (collectors.isEmpty()) {
      System.out.println("no collectors registered for this profile yet (a sync registers one)");
    }
    for (JsonNode c : collectors) {
      System.out.printf(
          "%s  %s  %s%n",
          c.path("name").asText(),
          c.path("inForward").asBoolean()
              ? (c.path("connected").asBoolean() ? "connected" : "not connected")
              : "not registered in Forward",
          c.path("deployment").isTextual()
              ? "deployment "
                  + c.path("deployment").asText()
                  + " "
                  + c.path("readyReplicas").asInt()
                  + "/"
                  + c.path("replicas").asInt()
                  + " ready"
              : "not in the cluster");
    }
  }

  @Command(
      name = "status",
      description =
          "Forward's view of the profile's collectors and their Kubernetes Deployments. JSON: the"
              + " list of collectors.")
  static class Status implements Callable<Integer> {
    @Parameters(paramLabel = "PROFILE")
    String profile;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment().get(path(profile)), ForwardCollectorCommand::print);
    }
  }

  @Command(
      name = "reregister",
      description =
          "Register the profile's collectors again (new authorization key); the next sync binds"
              + " them. JSON: the list of collectors.")
  static class Reregister implements Callable<Integer> {
    @Parameters(paramLabel = "PROFILE")
    String profile;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment().post(path(profile) + "/reregister", JSON.createObjectNode()),
          ForwardCollectorCommand::print);
    }
  }
}
