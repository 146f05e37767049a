package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The CLI's one wait loop: what it prints where, when it stops, and the exit code it returns. */
class RunWaiterTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger polls = new AtomicInteger();

  private RunWaiter waiter(Duration timeout, Duration heartbeat) {
    return new RunWaiter(
        timeout,
        Duration.ofMillis(10),
        heartbeat,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        null);
  }

  /** Answers the polls in order, repeating the last one. */
  private Supplier<RunWaiter.Poll> script(RunWaiter.Poll... answers) {
    List<RunWaiter.Poll> list = List.of(answers);
    return () -> list.get(Math.min(polls.getAndIncrement(), list.size() - 1));
  }

  private static RunWaiter.Poll running(String progress) {
    return new RunWaiter.Poll("RUNNING", progress, null);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void progressGoesToStderrOncePerChangeAndTheResultToStdout() {
    int code =
        waiter(Duration.ofSeconds(10), Duration.ofSeconds(10))
            .await(
                "sync",
                script(
                    new RunWaiter.Poll("PENDING", null, null),
                    running("devices: 0/10"),
                    running("devices: 0/10"),
                    running("devices: 10/10"),
                    new RunWaiter.Poll("COMPLETED", null, null)));

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(stderr().lines().toList())
        .hasSize(3)
        .satisfiesExactly(
            l -> assertThat(l).matches("  sync: pending \\(\\d+s\\)"),
            l -> assertThat(l).matches("  sync: devices: 0/10 \\(\\d+s\\)"),
            l -> assertThat(l).matches("  sync: devices: 10/10 \\(\\d+s\\)"));
    assertThat(stdout()).isEqualTo("sync completed" + System.lineSeparator());
  }

  @Test
  void anUnchangedRunStillGetsAHeartbeatLine() {
    int code =
        waiter(Duration.ofMillis(400), Duration.ofMillis(100))
            .await("fort-cycle/c1/x", script(running(null)));

    assertThat(code).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(stderr().lines().filter(l -> l.contains("fort-cycle/c1/x: running")).count())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void aFailedRunExitsOneWithItsReasonOnStderr() {
    int code =
        waiter(Duration.ofSeconds(10), Duration.ofSeconds(10))
            .await(
                "destroy",
                script(running(null), new RunWaiter.Poll("FAILED", null, "401 Invalid login")));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(stderr()).contains("ferry: destroy failed: 401 Invalid login");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void everyEndHasItsExitCode() {
    assertThat(endsWith("COMPLETED")).isEqualTo(ExitCodes.OK);
    assertThat(endsWith("TIMED_OUT")).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(endsWith("FAILED")).isEqualTo(ExitCodes.FAILED);
    assertThat(endsWith("CANCELED")).isEqualTo(ExitCodes.FAILED);
    assertThat(endsWith("TERMINATED")).isEqualTo(ExitCodes.FAILED);
  }

  private int endsWith(String status) {
    return waiter(Duration.ofSeconds(5), Duration.ofSeconds(5))
        .await("run", () -> new RunWaiter.Poll(status, null, null));
  }

  @Test
  void givesUpAtTheTimeoutAndStopsPolling() {
    long start = System.nanoTime();
    int code =
        waiter(Duration.ofMillis(200), Duration.ofSeconds(10))
            .await("sync", script(running("devices: 1/10")));

    assertThat(code).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(stderr()).contains("ferry: sync still running after 0.2s");
    int pollsAtTheEnd = polls.get();
    assertThat(pollsAtTheEnd).isBetween(2, 40);
  }

  @Test
  void withJsonTheEndIsTheStartAnswerWithStatusAndFailureAndNothingElse() throws Exception {
    ObjectNode started =
        new ObjectMapper()
            .createObjectNode()
            .put("workflowId", "forward-sync/ws/lab")
            .put("runId", "r1");
    int code =
        new RunWaiter(
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                Duration.ofSeconds(10),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                started)
            .await(
                "sync",
                script(running("devices: 0/10"), new RunWaiter.Poll("FAILED", null, "401 bad")));

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    JsonNode result = new ObjectMapper().readTree(stdout());
    assertThat(result.path("workflowId").asText()).isEqualTo("forward-sync/ws/lab");
    assertThat(result.path("runId").asText()).isEqualTo("r1");
    assertThat(result.path("status").asText()).isEqualTo("FAILED");
    assertThat(result.path("failure").asText()).isEqualTo("401 bad");
    assertThat(stderr()).contains("sync: devices: 0/10").contains("sync failed: 401 bad");
  }

  @Test
  void aWaitThatTimesOutStillPrintsItsJsonWithTheLastStatus() throws Exception {
    int code =
        new RunWaiter(
                Duration.ofMillis(100),
                Duration.ofMillis(10),
                Duration.ofSeconds(10),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ObjectMapper().createObjectNode().put("workflowId", "w"))
            .await("w", script(running(null)));

    assertThat(code).isEqualTo(ExitCodes.TIMED_OUT);
    JsonNode result = new ObjectMapper().readTree(stdout());
    assertThat(result.path("status").asText()).isEqualTo("RUNNING");
    assertThat(result.path("failure").isNull()).isTrue();
  }

  @Test
  void withoutWaitNothingIsPolledAndTheStartAnswerIsPrinted() {
    WaitOptions options = new WaitOptions();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(
              options.report(
                  new OutputOptions(),
                  new ObjectMapper().createObjectNode().put("workflowId", "w"),
                  s -> System.out.println("started " + s.path("workflowId").asText()),
                  "sync",
                  Duration.ofSeconds(1),
                  script(running(null))))
          .isEqualTo(ExitCodes.OK);
    } finally {
      System.setOut(original);
    }
    assertThat(polls.get()).isZero();
    assertThat(stdout()).isEqualTo("started w" + System.lineSeparator());
  }

  @Test
  void timeoutIsSecondsOrIso8601() {
    WaitOptions.TimeoutConverter converter = new WaitOptions.TimeoutConverter();
    assertThat(converter.convert("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(converter.convert("PT30M")).isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("0")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("")).isInstanceOf(TypeConversionException.class);
  }
}
