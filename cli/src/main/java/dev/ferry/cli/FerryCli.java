package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `ferry`: the command-line face of the Ferry API. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    version = "ferry 0.1.0",
    description = "Start and inspect Ferry workflows. Reads FERRY_URL and FERRY_TOKEN.",
    subcommands = {
      LoginCommand.class,
      WhoamiCommand.class,
      WorkflowCommand.class,
      UserCommand.class,
      ForemanCommand.class,
      ForwardCommand.class,
      FortCommand.class
    })
public class FerryCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; tests call this instead of main. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The whole command tree with Ferry's error handling and exit codes. */
  static CommandLine commandLine() {
    CommandLine cli =
        new CommandLine(new FerryCli())
            .setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                  if (ex instanceof CliException failure) {
                    cmd.getErr().println("ferry: " + failure.getMessage());
                    return failure.exitCode();
                  }
                  cmd.getErr().println("ferry: unexpected error: " + ex);
                  return ExitCodes.FAILED;
                });
    // picocli's own usage errors (unknown option, missing argument) are bad input.
    cli.setParameterExceptionHandler(
        (ex, parsed) -> {
          ex.getCommandLine().getErr().println("ferry: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return ExitCodes.BAD_INPUT_OR_AUTH;
        });
    // schedule verbs and other enum arguments are typed in lower case
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    withHelpEverywhere(cli);
    return cli;
  }

  /** `--help` on every subcommand, not only on `ferry` itself. */
  private static void withHelpEverywhere(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    command.getSubcommands().values().forEach(FerryCli::withHelpEverywhere);
  }
}
