package dev.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Two workers on one task queue share a batch of syncs: neither idles while the other works. */
@Order(1)
class LoadSpreadTest {

  @Test
  void twoWorkersEachRunAShareOfTwentySyncs() throws Exception {
    Cluster cluster = Cluster.get();
    ForwardSyncs syncs = new ForwardSyncs(cluster);
    Runs runs = new Runs(cluster);
    syncs.ensureProfile();
    syncs.forwardLatency(20); // like a remote Forward: activities take a while, so both are needed

    // One sync first: it registers the user's Forward collector. Twenty first syncs of one user at
    // once race to register it, and some fail (a Forward-flow limit, not the topology's).
    String first = syncs.start(0, "spread-first", 5);
    assertThat(runs.awaitClosed(first, Duration.ofMinutes(3)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);

    Progress.step("load spread: 20 syncs of 30 devices, started through both APIs");
    long started = System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(syncs.start(i % 2, "spread-" + i, 30));
    }
    for (String id : ids) {
      assertThat(runs.awaitClosed(id, Duration.ofMinutes(4)))
          .as(id)
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }
    Progress.step("20 syncs completed in %.1f s", Progress.since(started));

    Map<String, Integer> activities = new TreeMap<>();
    Map<String, Integer> workflowsTouched = new TreeMap<>();
    for (String id : ids) {
      List<String> workers =
          runs.activityWorkers(id).stream().map(cluster::workerByIdentity).toList();
      workers.forEach(w -> activities.merge(w, 1, Integer::sum));
      workers.stream().distinct().forEach(w -> workflowsTouched.merge(w, 1, Integer::sum));
    }
    int total = activities.values().stream().mapToInt(Integer::intValue).sum();
    Progress.step(
        "activity tasks per worker: %s of %d; syncs each worked on: %s",
        activities, total, workflowsTouched);
    assertThat(activities).containsOnlyKeys("worker-1", "worker-2");
    activities.forEach(
        (worker, count) ->
            assertThat(count)
                .as(worker + "'s share of " + total)
                .isGreaterThanOrEqualTo(total / 5));
    for (String id : ids.subList(0, 3)) {
      String deployment = "spread-" + ids.indexOf(id);
      assertThat(syncs.devicesInForward(deployment))
          .isEqualTo(ForwardSyncs.expectedDevices(deployment, 30));
    }
    syncs.forwardLatency(0);
  }
}
