package dev.ferry.agent;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** The host's service manager: systemd in production, a recording double in tests and demos. */
public interface ServiceManager {

  /** Receives journal lines in follow mode; returns false to stop. */
  @FunctionalInterface
  interface LineSink {
    boolean accept(String line) throws IOException;
  }

  /**
   * Which journal lines: a unit ({@code -u}) or a syslog identifier ({@code -t}), the last {@code
   * lines}, and fort-nix's optional filters ({@code --since}, {@code --until}, {@code --grep}), all
   * validated before they get here.
   */
  record JournalQuery(
      String unit, String identifier, int lines, String since, String until, String grep) {
    static JournalQuery unit(String unit, int lines) {
      return new JournalQuery(unit, null, lines, null, null, null);
    }
  }

  /** A running journal follow; {@link #close} ends it from any thread (e.g. a watchdog). */
  interface Follow extends Closeable {
    /** Passes lines to the sink until the journal ends, the sink refuses or {@link #close}. */
    void run(LineSink sink) throws IOException;

    /** Stops the follow and its process; idempotent. */
    @Override
    void close();
  }

  /** A unit's states as {@code systemctl show} reports them. */
  record UnitState(String load, String active, String sub) {}

  /**
   * {@code action}: {@code restart}, {@code reload}, {@code start} or {@code stop}; the unit is
   * already allow-listed.
   */
  void signal(String unit, String action) throws IOException;

  /** The matching journal lines, oldest first. */
  List<String> journal(JournalQuery query) throws IOException;

  /** Starts following the journal: the last lines of the query, then new ones. */
  Follow follow(JournalQuery query) throws IOException;

  UnitState unitState(String unit) throws IOException;

  /** Names of failed units, for {@code /status}. */
  List<String> failedUnits() throws IOException;
}
