package dev.ferry.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The host's service manager: systemd in production, a recording double in tests and demos. */
public interface ServiceManager {

  /** Receives journal lines in follow mode; returns false to stop (e.g. deadline reached). */
  @FunctionalInterface
  interface LineSink {
    boolean accept(String line) throws IOException;
  }

  /** {@code action} is {@code restart} or {@code reload}; the unit is already allow-listed. */
  void signal(String unit, String action) throws IOException;

  /** The last {@code lines} journal lines of the unit, oldest first. */
  List<String> journal(String unit, int lines) throws IOException;

  /**
   * Streams the last {@code lines} lines and then new ones until the sink refuses or {@code max}
   * elapses.
   */
  void follow(String unit, int lines, Duration max, LineSink sink) throws IOException;

  /** Names of failed units, for {@code /status}. */
  List<String> failedUnits() throws IOException;
}
