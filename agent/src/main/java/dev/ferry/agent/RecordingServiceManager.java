package dev.ferry.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service manager without systemd, for tests and demos: signals are recorded (in memory and as
 * JSON lines in {@code <stateDir>/signals.log}); journal lines come from {@code
 * <stateDir>/journal/<unit>.log}; failed units from {@code <stateDir>/failed-units}.
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
  public List<String> journal(String unit, int lines) throws IOException {
    List<String> all = readLines(journalFile(unit));
    return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void follow(String unit, int lines, Duration max, LineSink sink) throws IOException {
    long deadline = System.nanoTime() + max.toNanos();
    List<String> initial = readLines(journalFile(unit));
    int seen = initial.size();
    for (String line : initial.subList(Math.max(0, seen - lines), seen)) {
      if (!sink.accept(line)) {
        return;
      }
    }
    while (System.nanoTime() < deadline) {
      List<String> now = readLines(journalFile(unit));
      for (int i = seen; i < now.size(); i++) {
        if (!sink.accept(now.get(i))) {
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
  public List<String> failedUnits() throws IOException {
    return stateDir == null ? List.of() : readLines(stateDir.resolve("failed-units"));
  }

  private Path journalFile(String unit) {
    return stateDir == null
        ? Path.of("/nonexistent")
        : stateDir.resolve("journal").resolve(unit + ".log");
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
