package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "user",
    description = "Users (admin): list, disable, re-enable, delete.",
    subcommands = {
      UserCommand.ListUsers.class,
      UserCommand.Disable.class,
      UserCommand.Enable.class,
      UserCommand.Delete.class
    })
class UserCommand {

  static String user(String name) {
    return "/api/users/" + ApiClient.encode(name);
  }

  static void print(JsonNode u) {
    System.out.printf(
        "%-24s %-6s %s%n",
        u.path("name").asText(),
        u.path("role").asText(),
        u.hasNonNull("disabledAt") ? "DISABLED since " + u.path("disabledAt").asText() : "active");
  }

  @Command(name = "list", description = "Every user, with disabled ones marked.")
  static class ListUsers implements Callable<Integer> {
    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment().get("/api/users"),
          users -> users.forEach(UserCommand::print));
    }
  }

  /** disable and enable: a POST to the user's verb path, answered with the user. */
  abstract static class SetState implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    abstract String verb();

    @Override
    public Integer call() {
      return output.print(
          ApiClient.fromEnvironment()
              .post(user(name) + "/" + verb(), JsonNodeFactory.instance.objectNode()),
          UserCommand::print);
    }
  }

  @Command(
      name = "disable",
      description = "Disable a user: their tokens are refused at once, until re-enabled.")
  static class Disable extends SetState {
    @Override
    String verb() {
      return "disable";
    }
  }

  @Command(name = "enable", description = "Re-enable a disabled user; their tokens work again.")
  static class Enable extends SetState {
    @Override
    String verb() {
      return "enable";
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete a user: every token is revoked at once; the name stays reserved. JSON:"
              + " {deleted: NAME}.")
  static class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
      ApiClient.fromEnvironment().delete(user(name));
      return output.print(Deleted.of(name), d -> System.out.println("deleted " + name));
    }
  }
}
