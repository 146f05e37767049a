package dev.ferry.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * systemd via {@code systemctl} and {@code journalctl}. Arguments are passed as an argv array (no
 * shell), after {@code --}, and unit names were allow-listed against the manifest before reaching
 * here.
 */
final class SystemdServiceManager implements ServiceManager {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  /** /status must stay cheap under polling; failed units are re-read at most this often. */
  private static final long FAILED_UNITS_CACHE_MILLIS = 2_000;

  private final String systemctl;
  private final String journalctl;
  private volatile List<String> cachedFailed = List.of();
  private volatile long cachedAt;

  SystemdServiceManager() {
    this("systemctl", "journalctl");
  }

  /** Binaries are injectable so tests can put recording scripts in their place. */
  SystemdServiceManager(String systemctl, String journalctl) {
    this.systemctl = systemctl;
    this.journalctl = journalctl;
  }

  @Override
  public void signal(String unit, String action) throws IOException {
    run(List.of(systemctl, action, "--", unit));
  }

  @Override
  public List<String> journal(JournalQuery query) throws IOException {
    return run(journalctl(query, false));
  }

  @Override
  public Follow follow(JournalQuery query) throws IOException {
    Process p = new ProcessBuilder(journalctl(query, true)).redirectErrorStream(true).start();
    return new Follow() {
      @Override
      public void run(LineSink sink) throws IOException {
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null && sink.accept(line)) {
            // each line went to the sink
          }
        } catch (IOException e) {
          if (p.isAlive()) {
            throw e; // the sink failed; a killed process just ends the stream
          }
        } finally {
          close();
        }
      }

      @Override
      public void close() {
        p.destroyForcibly(); // journalctl -f never ends by itself
      }
    };
  }

  /** {@code --opt=value} forms, so a value can never be read as another option. */
  private List<String> journalctl(JournalQuery q, boolean follow) {
    List<String> argv = new ArrayList<>(List.of(journalctl, "--no-pager", "-o", "short-iso"));
    if (follow) {
      argv.add("-f");
    }
    argv.add("-n");
    argv.add(Integer.toString(q.lines()));
    if (q.since() != null) {
      argv.add("--since=" + q.since());
    }
    if (q.until() != null) {
      argv.add("--until=" + q.until());
    }
    if (q.grep() != null) {
      argv.add("--grep=" + q.grep());
    }
    argv.add(q.unit() != null ? "-u" : "-t");
    argv.add(q.unit() != null ? q.unit() : q.identifier());
    return argv;
  }

  @Override
  public UnitState unitState(String unit) throws IOException {
    String load = "";
    String active = "";
    String sub = "";
    for (String line :
        run(
            List.of(
                systemctl,
                "show",
                "--no-pager",
                "--property=LoadState,ActiveState,SubState",
                "--",
                unit))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        String value = line.substring(eq + 1);
        switch (line.substring(0, eq)) {
          case "LoadState" -> load = value;
          case "ActiveState" -> active = value;
          case "SubState" -> sub = value;
          default -> {}
        }
      }
    }
    return new UnitState(load, active, sub);
  }

  @Override
  public List<String> failedUnits() throws IOException {
    long now = System.currentTimeMillis();
    if (now - cachedAt > FAILED_UNITS_CACHE_MILLIS) {
      List<String> units = new ArrayList<>();
      for (String line :
          run(
              List.of(
                  systemctl, "list-units", "--failed", "--plain", "--no-legend", "--no-pager"))) {
        String[] cols = line.trim().split("\\s+");
        if (!cols[0].isEmpty()) {
          units.add(cols[0]);
        }
      }
      cachedFailed = List.copyOf(units);
      cachedAt = now;
    }
    return cachedFailed;
  }

  private static List<String> run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    // output is drained on its own thread so a silent, hung command still hits the timeout
    // and a chatty one cannot block on a full pipe
    List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      out.add(line);
                    }
                  } catch (IOException e) {
                    // process killed: keep what was read
                  }
                });
    try {
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(argv.get(0) + " timed out");
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted");
    }
    if (p.exitValue() != 0) {
      String detail = out.isEmpty() ? "" : ": " + out.get(out.size() - 1);
      String command = java.nio.file.Path.of(argv.get(0)).getFileName().toString();
      throw new IOException(command + " " + argv.get(1) + " exited " + p.exitValue() + detail);
    }
    synchronized (out) {
      return List.copyOf(out);
    }
  }
}
