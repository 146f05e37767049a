package dev.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Http;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL (Ferry's and Temporal's) restarts in the middle of a sync: meanwhile both APIs answer
 * 503 problem+json with Retry-After, then recover by themselves; the run's activities retry and it
 * completes.
 */
@Order(4)
class PostgresRestartTest {

  @Test
  void apisAnswer503MeanwhileAndEverythingRecoversByItself() throws Exception {
    Cluster cluster = Cluster.get();
    ForwardSyncs syncs = new ForwardSyncs(cluster);
    Runs runs = new Runs(cluster);
    syncs.ensureProfile();
    syncs.forwardLatency(100);
    String id = syncs.start(1, "postgres-restart", 1500);
    runs.awaitExecutingActivity(List.of(id), Duration.ofMinutes(2));

    Progress.step("PostgreSQL restart: stopping it in the middle of %s", id);
    long fault = System.nanoTime();
    cluster.stop("postgres", "TERM");
    for (int api = 0; api < 2; api++) {
      Http.Resp down = cluster.api(api).get("/api/forward/profiles");
      Progress.step(
          "api-%d while PostgreSQL is down: %d %s",
          api + 1, down.status(), down.header("Content-Type"));
      assertThat(down.status()).as(down.body()).isEqualTo(503);
      assertThat(down.header("Content-Type")).startsWith("application/problem+json");
      assertThat(down.header("Retry-After")).isNotBlank();
      assertThat(down.json().get("status").asInt()).isEqualTo(503);
    }
    Runs.sleep(Duration.ofSeconds(5));
    cluster.start("postgres");
    long back = System.nanoTime();
    Progress.healed(
        "PostgreSQL restarted during a sync",
        "database back (outage length)",
        Progress.since(fault));

    for (int api = 0; api < 2; api++) {
      while (cluster.api(api).get("/api/forward/profiles").status() != 200) {
        assertThat(Progress.since(back)).as("api-%d recovering", api + 1).isLessThan(120);
        Runs.sleep(Duration.ofMillis(250));
      }
      Progress.healed(
          "PostgreSQL restarted during a sync",
          "api-" + (api + 1) + " answers 200, after the database",
          Progress.since(back));
    }
    assertThat(runs.awaitClosed(id, Duration.ofMinutes(5)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    Progress.healed(
        "PostgreSQL restarted during a sync",
        "sync completed, after the database",
        Progress.since(back));
    int attempts = runs.maxActivityAttempt(id);
    Progress.step("highest activity attempt in the run: %d", attempts);
    assertThat(attempts).as("an activity retried through the outage").isGreaterThan(1);
    assertThat(syncs.devicesInForward("postgres-restart"))
        .isEqualTo(ForwardSyncs.expectedDevices("postgres-restart", 1500));
    syncs.forwardLatency(0);
  }
}
