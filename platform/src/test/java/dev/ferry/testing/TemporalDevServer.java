package dev.ferry.testing;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Temporal dev server ({@code temporal server start-dev}), one per test JVM, started on
 * first use on free ports and killed when the JVM exits. The binary comes from {@code
 * -Dferry.temporal.cli}, {@code FERRY_TEMPORAL_CLI}, {@code temporal} on PATH, or the cache that
 * {@code make test} fills.
 */
public final class TemporalDevServer {

  private static TemporalDevServer instance;

  private final Process process;
  private final int port;
  private final int uiPort;

  private TemporalDevServer(Process process, int port, int uiPort) {
    this.process = process;
    this.port = port;
    this.uiPort = uiPort;
  }

  /** The shared server, with the given search attributes registered at start. */
  public static synchronized TemporalDevServer shared(
      List<SearchAttributeKey<?>> searchAttributes) {
    if (instance == null || !instance.process.isAlive()) {
      instance = start(searchAttributes);
    }
    return instance;
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public int uiPort() {
    return uiPort;
  }

  public static String cliPath() {
    String configured = System.getProperty("ferry.temporal.cli");
    if (configured == null || configured.isBlank() || configured.startsWith("${")) {
      configured = System.getenv("FERRY_TEMPORAL_CLI");
    }
    if (configured != null && !configured.isBlank() && new File(configured).canExecute()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, "temporal");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    File cached =
        Path.of(System.getProperty("user.home"), ".cache", "ferry", "bin", "temporal").toFile();
    if (cached.canExecute()) {
      return cached.getPath();
    }
    throw new IllegalStateException(
        "No Temporal CLI found: run tests with `make test`, which builds it");
  }

  private static TemporalDevServer start(List<SearchAttributeKey<?>> searchAttributes) {
    try {
      int port = freePort();
      int uiPort = freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  cliPath(),
                  "server",
                  "start-dev",
                  "--ip",
                  "127.0.0.1",
                  "--port",
                  String.valueOf(port),
                  "--ui-port",
                  String.valueOf(uiPort),
                  "--headless",
                  "--log-level",
                  "error",
                  "--dynamic-config-value",
                  "system.enableActivityEagerExecution=true"));
      for (SearchAttributeKey<?> key : searchAttributes) {
        command.add("--search-attribute");
        command.add(key.getName() + "=" + typeName(key.getValueType()));
      }
      Path log = Files.createTempFile("temporal-dev-", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!listening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Temporal dev server did not start; log: " + Files.readString(log));
        }
        Thread.sleep(200);
      }
      return new TemporalDevServer(process, port, uiPort);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot start the Temporal dev server", e);
    }
  }

  private static String typeName(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      default -> throw new IllegalArgumentException("unsupported search attribute type " + type);
    };
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
