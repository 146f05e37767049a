package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --wait} and {@code --timeout}, the same for every command that starts a run. */
class WaitOptions {

  @Option(
      names = "--wait",
      description = "Wait for the run to end, with progress on stderr; non-zero exit on failure")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = TimeoutConverter.class,
      description =
          "How long --wait waits: seconds or ISO-8601 such as PT30M (default in the command's description)")
  Duration timeout;

  /**
   * Reports a started run: prints the start answer, and with --wait waits for the end. With {@code
   * -o json} and --wait, only the end is printed (the start answer plus {@code status} and {@code
   * failure}), so stdout holds one JSON document.
   */
  int report(
      OutputOptions output,
      JsonNode started,
      Consumer<JsonNode> text,
      String what,
      Duration defaultTimeout,
      Supplier<RunWaiter.Poll> poll) {
    if (!(await && output.json())) {
      output.print(started, text);
    }
    if (!await) {
      return ExitCodes.OK;
    }
    // every start answer of the API is an object: {workflowId, runId, webUiUrl, ...}
    ObjectNode jsonResult = output.json() ? (ObjectNode) started : null;
    return RunWaiter.of(timeout != null ? timeout : defaultTimeout, jsonResult).await(what, poll);
  }

  /** Plain seconds ("120", as Fort's commands always took) or ISO-8601 ("PT30M", as Forward's). */
  static class TimeoutConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration d =
            value.chars().allMatch(Character::isDigit)
                ? Duration.ofSeconds(Long.parseLong(value))
                : Duration.parse(value);
        if (d.isNegative() || d.isZero()) {
          throw new TypeConversionException("'" + value + "' is not a positive duration");
        }
        return d;
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is neither seconds nor an ISO-8601 duration such as PT30M");
      }
    }
  }
}
