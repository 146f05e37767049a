package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "login",
    description =
        "Check a token against the API and remember it (token from FERRY_TOKEN or --token-stdin).")
class LoginCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      description = "API base URL (default: FERRY_URL or http://127.0.0.1:8080)")
  String url;

  @Option(names = "--token-stdin", description = "read the token from standard input")
  boolean tokenFromStdin;

  @Override
  public Integer call() throws Exception {
    String token =
        tokenFromStdin ? new String(System.in.readAllBytes()).trim() : System.getenv("FERRY_TOKEN");
    if (token == null || token.isBlank()) {
      throw new CliException(
          ExitCodes.BAD_INPUT_OR_AUTH, "no token: set FERRY_TOKEN or pipe it with --token-stdin");
    }
    String baseUrl =
        url != null ? url : System.getenv().getOrDefault("FERRY_URL", "http://127.0.0.1:8080");
    JsonNode me = new ApiClient(baseUrl, token).get("/api/me");
    new CliConfig(baseUrl, token).save();
    System.out.printf(
        "Logged in to %s as %s (%s); saved to %s%n",
        baseUrl, me.path("name").asText(), me.path("role").asText(), CliConfig.file());
    return ExitCodes.OK;
  }
}
