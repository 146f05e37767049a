package dev.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The Temporal server restarts in the middle of a sync: the run resumes where it was. */
@Order(3)
class TemporalRestartTest {

  @Test
  void aSyncResumesAndCompletesAfterTheTemporalServerRestarts() throws Exception {
    Cluster cluster = Cluster.get();
    ForwardSyncs syncs = new ForwardSyncs(cluster);
    Runs runs = new Runs(cluster);
    syncs.ensureProfile();
    syncs.forwardLatency(100);
    String id = syncs.start(0, "temporal-restart", 1500);
    runs.awaitExecutingActivity(List.of(id), Duration.ofMinutes(2));

    Progress.step("Temporal restart: stopping the server in the middle of %s", id);
    long fault = System.nanoTime();
    cluster.stop("temporal", "TERM");
    Runs.sleep(Duration.ofSeconds(3)); // workers and APIs see it gone
    cluster.start("temporal");
    Progress.healed(
        "Temporal server restarted during a sync", "server serving again", Progress.since(fault));

    assertThat(runs.awaitClosed(id, Duration.ofMinutes(5)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    Progress.healed(
        "Temporal server restarted during a sync", "sync completed", Progress.since(fault));
    assertThat(syncs.devicesInForward("temporal-restart"))
        .isEqualTo(ForwardSyncs.expectedDevices("temporal-restart", 1500));
    syncs.forwardLatency(0);
  }
}
