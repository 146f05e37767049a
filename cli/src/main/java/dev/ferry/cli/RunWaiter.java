package dev.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one wait loop of the CLI: polls a run until it ends or the timeout passes. Progress goes to
 * stderr (so stdout stays the result): a line whenever the status or progress changes, and at least
 * every {@link #HEARTBEAT} with the time elapsed. The result is a line of text, or with {@code -o
 * json} the start answer plus the final {@code status} and {@code failure}. The exit code follows
 * {@link ExitCodes}.
 */
final class RunWaiter {

  /** How often a run that shows no change still gets a line, so a wait never looks hung. */
  static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /**
   * One look at a run: its Temporal status (RUNNING, COMPLETED, FAILED, TIMED_OUT, ...), what it
   * reports doing (may be null) and why it failed (may be null).
   */
  record Poll(String status, String progress, String failure) {

    boolean ended() {
      return !status.equals("RUNNING") && !status.equals("PENDING");
    }

    /** What the progress line shows: the reported progress, else the status. */
    String shown() {
      return progress != null ? progress : status.toLowerCase(Locale.ROOT);
    }
  }

  private final Duration timeout;
  private final Duration interval;
  private final Duration heartbeat;
  private final PrintStream out;
  private final PrintStream progress;
  private final ObjectNode jsonResult;

  /**
   * @param interval time between polls
   * @param heartbeat longest time without a progress line while the run shows no change
   * @param jsonResult null for a text result; else the start answer, printed at the end as JSON
   *     with the final {@code status} and {@code failure} added
   */
  RunWaiter(
      Duration timeout,
      Duration interval,
      Duration heartbeat,
      PrintStream out,
      PrintStream progress,
      ObjectNode jsonResult) {
    this.timeout = timeout;
    this.interval = interval;
    this.heartbeat = heartbeat;
    this.out = out;
    this.progress = progress;
    this.jsonResult = jsonResult;
  }

  /** Polls once a second, results on stdout, progress on stderr. */
  static RunWaiter of(Duration timeout, ObjectNode jsonResult) {
    return new RunWaiter(
        timeout, Duration.ofSeconds(1), HEARTBEAT, System.out, System.err, jsonResult);
  }

  /**
   * Waits for the run called {@code what} (e.g. "sync" or a workflow id). Returns {@link
   * ExitCodes#OK} when it completed, {@link ExitCodes#TIMED_OUT} when it or this wait timed out,
   * {@link ExitCodes#FAILED} for any other end.
   */
  int await(String what, Supplier<Poll> poll) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String lastShown = null;
    long lastPrinted = start;
    while (true) {
      Poll p = poll.get();
      long now = System.nanoTime();
      if (p.ended()) {
        return finish(what, p);
      }
      if (!Objects.equals(p.shown(), lastShown) || now - lastPrinted >= heartbeat.toNanos()) {
        progress.printf(
            "  %s: %s (%ds)%n", what, p.shown(), Duration.ofNanos(now - start).toSeconds());
        lastShown = p.shown();
        lastPrinted = now;
      }
      if (now >= deadline) {
        progress.println("ferry: " + what + " still running after " + human(timeout));
        printJson(p);
        return ExitCodes.TIMED_OUT;
      }
      try {
        // in nanoseconds: rounded to milliseconds, the last one would poll in a busy loop
        Thread.sleep(Duration.ofNanos(Math.min(interval.toNanos(), deadline - now)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        progress.println("ferry: stopped waiting for " + what);
        printJson(p);
        return ExitCodes.FAILED;
      }
    }
  }

  private int finish(String what, Poll p) {
    printJson(p);
    if (p.status().equals("COMPLETED")) {
      if (jsonResult == null) {
        out.println(what + " completed");
      }
      return ExitCodes.OK;
    }
    progress.println(
        "ferry: "
            + what
            + " "
            + p.status().toLowerCase(Locale.ROOT)
            + (p.failure() != null ? ": " + p.failure() : ""));
    return p.status().equals("TIMED_OUT") ? ExitCodes.TIMED_OUT : ExitCodes.FAILED;
  }

  private void printJson(Poll last) {
    if (jsonResult != null) {
      out.println(
          jsonResult
              .deepCopy()
              .put("status", last.status())
              .put("failure", last.failure())
              .toPrettyString());
    }
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
