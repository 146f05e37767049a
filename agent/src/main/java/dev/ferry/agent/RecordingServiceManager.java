package dev.ferry.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A service manager without systemd, for tests and demos: signals are recorded (in memory and as
 * JSON lines in {@code <stateDir>/signals.log}); journal lines come from {@code
 * <stateDir>/journal/<unit>.log} (filtered by {@code grep}; {@code since}/{@code until} are not
 * applied); failed units from {@code <stateDir>/failed-units}.
 */
public final class RecordingServiceManager implements ServiceManager {
  public record Signal(String unit, String action) {}

  private final Path stateDir;
  private final List<Signal> signals = new CopyOnWriteArrayList<>();

  public RecordingServiceManager(Path stateDir) {
    this.stateDir = stateDir;
  }

  public List<Signal> signals() {
    return List.copyOf(signals);
  }

  @Override
  public void signal(String unit, String action) throws IOException {
    signals.add(new Signal(unit, action));
    if (stateDir != null) {
      Files.createDirectories(stateDir);
      String line =
          "{\"time\":\""
              + Instant.now()
              + "\",\"unit\":\""
              + unit
              + "\",\"action\":\""
              + action
              + "\"}\n";
      Files.writeString(
          stateDir.resolve("signals.log"),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  @Override
  public List<String> journal(JournalQuery query) throws IOException {
    List<String> all = matching(query, readLines(journalFile(query)));
    return List.copyOf(all.subList(Math.max(0, all.size() - query.lines()), all.size()));
  }

  /** Polls the journal file for appended lines until closed. */
  @Override
  public Follow follow(JournalQuery query) {
    AtomicBoolean open = new AtomicBoolean(true);
    return new Follow() {
      @Override
      public void run(LineSink sink) throws IOException {
        List<String> initial = readLines(journalFile(query));
        int seen = initial.size();
        for (String line : journal(query)) {
          if (!open.get() || !sink.accept(line)) {
            return;
          }
        }
        while (open.get()) {
          List<String> now = readLines(journalFile(query));
          for (String line : matching(query, now.subList(Math.min(seen, now.size()), now.size()))) {
            if (!open.get() || !sink.accept(line)) {
              return;
            }
          }
          seen = Math.max(seen, now.size());
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }

      @Override
      public void close() {
        open.set(false);
      }
    };
  }

  /** Lines as journalctl's filters would pass them: {@code grep} (case-insensitive) only. */
  private static List<String> matching(JournalQuery query, List<String> lines) {
    if (query.grep() == null) {
      return lines;
    }
    Pattern p = Pattern.compile(query.grep(), Pattern.CASE_INSENSITIVE);
    return lines.stream().filter(l -> p.matcher(l).find()).toList();
  }

  /** Reads {@code <stateDir>/unit-states/<unit>} ({@code load active sub}), else loaded+active. */
  @Override
  public UnitState unitState(String unit) throws IOException {
    List<String> line =
        stateDir == null ? List.of() : readLines(stateDir.resolve("unit-states").resolve(unit));
    String[] f = line.isEmpty() ? new String[0] : line.get(0).trim().split("\\s+");
    return f.length == 3
        ? new UnitState(f[0], f[1], f[2])
        : new UnitState("loaded", "active", "running");
  }

  @Override
  public List<String> failedUnits() throws IOException {
    return stateDir == null ? List.of() : readLines(stateDir.resolve("failed-units"));
  }

  /** {@code <stateDir>/journal/<unit or identifier>.log} */
  private Path journalFile(JournalQuery query) {
    String name = query.unit() != null ? query.unit() : query.identifier();
    return stateDir == null
        ? Path.of("/nonexistent")
        : stateDir.resolve("journal").resolve(name + ".log");
  }

  private static List<String> readLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    }
  }
}
