package dev.ferry.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A credential type's check command (e.g. {@code nginx -t}), run after its files changed and before
 * anyone reloads the service that reads them. An argv array, no shell; a non-zero exit, a timeout
 * or a missing binary fails the check.
 */
final class ConfigCheck {

  private static final long TIMEOUT_SECONDS = 30;

  /** Output kept in the refusal: enough for nginx's "[emerg] ... in file:line" line. */
  private static final int MAX_DETAIL = 400;

  private ConfigCheck() {}

  /** Empty when the check passed (or there is none), else what the command said. */
  static String failure(List<String> argv) {
    if (argv.isEmpty()) {
      return "";
    }
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return argv.getFirst() + " timed out";
      }
      if (p.exitValue() == 0) {
        return "";
      }
      return clip(argv.getFirst() + " exited " + p.exitValue() + ": " + lastLines(out));
    } catch (IOException e) {
      return clip("cannot run " + argv.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String lastLines(byte[] out) {
    String[] lines = new String(out, StandardCharsets.UTF_8).strip().split("\n");
    // nginx -t ends with "test failed" after the line that says why
    return String.join(
        " | ", Arrays.asList(lines).subList(Math.max(0, lines.length - 2), lines.length));
  }

  private static String clip(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
  }
}
