package dev.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "login",
    description =
        "Check a token against the API and remember it (token from FERRY_TOKEN or --token-stdin)."
            + " JSON: {name, role, url, savedTo}.")
class LoginCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      description = "API base URL (default: FERRY_URL or http://127.0.0.1:8080)")
  String url;

  @Option(names = "--token-stdin", description = "read the token from standard input")
  boolean tokenFromStdin;

  @Mixin OutputOptions output = new OutputOptions();

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
    ObjectNode me = (ObjectNode) new ApiClient(baseUrl, token).get("/api/me");
    new CliConfig(baseUrl, token).save();
    me.put("url", baseUrl).put("savedTo", CliConfig.file().toString());
    return output.print(
        me,
        m ->
            System.out.printf(
                "Logged in to %s as %s (%s); saved to %s%n",
                baseUrl, m.path("name").asText(), m.path("role").asText(), CliConfig.file()));
  }
}
