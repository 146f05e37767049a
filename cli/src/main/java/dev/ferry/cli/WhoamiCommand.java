package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "whoami", description = "Show the user the token belongs to.")
class WhoamiCommand implements Callable<Integer> {

  @Mixin OutputOptions output = new OutputOptions();

  @Override
  public Integer call() {
    return output.print(
        ApiClient.fromEnvironment().get("/api/me"),
        me -> System.out.println(me.path("name").asText() + " (" + me.path("role").asText() + ")"));
  }
}
