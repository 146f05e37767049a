package dev.ferry.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * What the fault tests print: each step with the time of day, and each fault's healing time, which
 * is also appended to target/heal-times.txt for the record (docs/operations.md quotes it).
 */
final class Progress {

  private static final Path HEAL_TIMES = Cluster.ROOT.resolve("cluster/target/heal-times.txt");

  private Progress() {}

  static void step(String format, Object... args) {
    System.out.printf(
        "==> [cluster %s] %s%n",
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS), format(format, args));
  }

  /** A fault healed: what happened, and seconds from the fault to the measured point. */
  static void healed(String fault, String until, double seconds) {
    String line = String.format("%-58s %-40s %6.1f s", fault, until, seconds);
    step("HEALED %s", line);
    try {
      Files.createDirectories(HEAL_TIMES.getParent());
      Files.writeString(
          HEAL_TIMES, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static String format(String format, Object... args) {
    return args.length == 0 ? format : String.format(format, args);
  }
}
