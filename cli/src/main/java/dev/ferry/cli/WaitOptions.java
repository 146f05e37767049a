package dev.ferry.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
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

  /** Waits if --wait was given, else returns at once with {@link ExitCodes#OK}. */
  int awaitIfAsked(String what, Duration defaultTimeout, Supplier<RunWaiter.Poll> poll) {
    if (!await) {
      return ExitCodes.OK;
    }
    return RunWaiter.of(timeout != null ? timeout : defaultTimeout).await(what, poll);
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
