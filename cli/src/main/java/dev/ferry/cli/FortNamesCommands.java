package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Who may use a name: the declarations a cycle refused, and moving a service (its names and OIDC
 * client) to another host, which no manifest can do by itself.
 */
final class FortNamesCommands {

  private FortNamesCommands() {}

  @Command(
      name = "refusals",
      description = "Manifest declarations the last read refused, with the reason.")
  static class Refusals implements Callable<Integer> {
    @Parameters(paramLabel = "CLUSTER")
    String name;

    @Option(names = "--host")
    String host;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      String query = host == null ? "" : "?host=" + ApiClient.encode(host);
      return output.print(
          ApiClient.fromEnvironment().get(FortCommand.cluster(name) + "/refusals" + query),
          Refusals::print);
    }

    private static void print(JsonNode refusals) {
      if (refusals.isEmpty()) {
        System.out.println("no refused declarations");
      }
      for (JsonNode r : refusals) {
        System.out.printf(
            "%-12s %-16s %-30s %s  (since %s)%n",
            r.path("host").asText(),
            r.path("service").asText(),
            r.path("fqdn").asText("-"),
            r.path("reason").asText(),
            r.path("since").asText());
      }
    }
  }

  @Command(
      name = "transfer",
      description =
          "Move a service to another host: its names and OIDC client go there (with a new secret),"
              + " what the old host holds is revoked; the new host must declare the same service."
              + " Runs a cycle (--wait waits up to 120 seconds).")
  static class Transfer implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLUSTER")
    String name;

    @Parameters(index = "1", paramLabel = "HOST", description = "the host the service leaves")
    String host;

    @Parameters(index = "2", paramLabel = "SERVICE")
    String service;

    @Option(names = "--to", required = true, description = "the host that takes it over")
    String toHost;

    @Mixin WaitOptions wait = new WaitOptions();

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return FortCommand.startAndWait(
          FortCommand.cluster(name)
              + "/hosts/"
              + ApiClient.encode(host)
              + "/services/"
              + ApiClient.encode(service)
              + "/transfer",
          Map.of("toHost", toHost),
          wait,
          output);
    }
  }
}
