package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "whoami", description = "Show the user the token belongs to.")
class WhoamiCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    JsonNode me = ApiClient.fromEnvironment().get("/api/me");
    System.out.println(me.path("name").asText() + " (" + me.path("role").asText() + ")");
    return ExitCodes.OK;
  }
}
