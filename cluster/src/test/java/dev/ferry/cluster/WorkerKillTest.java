package dev.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.Http;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the worker that is executing an activity, during a large Forward sync and during a
 * Fort cycle: Temporal gives the activity to the other worker once the dead one's timeout passes,
 * and the result is exactly what an undisturbed run leaves.
 */
@Order(5)
class WorkerKillTest {

  private final Cluster cluster = Cluster.get();
  private final Runs runs = new Runs(cluster);

  @Test
  void theOtherWorkerFinishesALargeForwardSync() throws Exception {
    ForwardSyncs syncs = new ForwardSyncs(cluster);
    syncs.ensureProfile();
    syncs.forwardLatency(1500); // a device batch takes seconds, like a batch to a remote Forward
    String id = syncs.start(0, "kill-forward", 5000);
    Runs.Executing executing =
        runs.awaitExecutingActivity(List.of(id), "PutDevicesFrom", Duration.ofMinutes(3));
    String victim = cluster.workerByIdentity(executing.worker());
    Progress.step(
        "worker kill (Forward): kill -9 %s while it runs %s (activity %s)",
        victim,
        executing.activity().getActivityType().getName(),
        executing.activity().getActivityId());
    long fault = System.nanoTime();
    cluster.stop(victim, "KILL");
    try {
      assertThat(runs.awaitClosed(id, Duration.ofMinutes(5)))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      Progress.healed(
          "worker killed during a 5,000-device Forward sync",
          "sync completed",
          Progress.since(fault));
      HistoryEvent retried = runs.lastStart(id, executing.activity().getActivityId());
      assertThat(
              cluster.workerByIdentity(
                  retried.getActivityTaskStartedEventAttributes().getIdentity()))
          .as("who finished the killed activity")
          .isNotEqualTo(victim);
      assertThat(retried.getActivityTaskStartedEventAttributes().getAttempt()).isGreaterThan(1);
      assertThat(syncs.devicesInForward("kill-forward"))
          .isEqualTo(ForwardSyncs.expectedDevices("kill-forward", 5000));
    } finally {
      syncs.forwardLatency(0);
      cluster.start(victim);
    }
  }

  @Test
  void theOtherWorkerFinishesAFortCycle() throws Exception {
    Ports ports = new Ports();
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("FERRY_URL", "http://127.0.0.1:" + cluster.apiPorts.get(0));
    env.put("FERRY_TOKEN", Files.readString(cluster.home.resolve("cluster/admin-token")).trim());
    env.put("FERRY_DEMO_CLUSTER", "faults");
    env.put("FERRY_DEMO_POCKET_ID_PORT", Integer.toString(ports.pocketId));
    env.put("FERRY_DEMO_FORGEJO_PORT", Integer.toString(ports.forgejo));
    env.put("FERRY_DEMO_BEACON_PORT", Integer.toString(ports.beacon));
    env.put("FERRY_DEMO_AGENT_PORT", Integer.toString(ports.agentBase));
    env.put("FERRY_DEMO_SERVICE_PORT", Integer.toString(ports.serviceBase));

    Progress.step(
        "worker kill (Fort): the Fort demo (scripts/demo/40-fort.sh) on cluster 'faults'");
    CompletableFuture<?> demo =
        CompletableFuture.runAsync(
            () -> Cluster.run(List.of("bash", "scripts/demo/40-fort.sh"), env));
    // pocket-id answers slowly, so an OIDC delivery is in flight long enough to be interrupted
    Http pocketId = new Http("http://127.0.0.1:" + ports.pocketId, null, null);
    long waiting = System.nanoTime();
    while (!answers(pocketId)) {
      assertThat(Progress.since(waiting)).as("pocket-id sandbox started").isLessThan(120);
      Runs.sleep(Duration.ofMillis(200));
    }
    assertThat(pocketId.post("/__sandbox/faults", Map.of("latencyMs", 2000)).status())
        .isEqualTo(200);
    List<String> hostRuns =
        List.of("fort-host/faults/host1", "fort-host/faults/host2", "fort-host/faults/beacon");
    Runs.Executing executing = runs.awaitExecutingActivity(hostRuns, Duration.ofMinutes(3));
    String victim = cluster.workerByIdentity(executing.worker());
    Progress.step(
        "kill -9 %s while it runs %s for %s",
        victim, executing.activity().getActivityType().getName(), executing.workflowId());
    long fault = System.nanoTime();
    cluster.stop(victim, "KILL");
    try {
      pocketId.send("DELETE", "/__sandbox/faults", null);
      assertThat(runs.awaitClosed(executing.workflowId(), Duration.ofMinutes(4)))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      Progress.healed(
          "worker killed during a Fort cycle",
          executing.workflowId() + " completed",
          Progress.since(fault));
      demo.join();
      // the demo goes on to rotate host1's agent certificate: a later run of the same workflow id
      HistoryEvent retried = runs.lastStart(executing);
      assertThat(
              cluster.workerByIdentity(
                  retried.getActivityTaskStartedEventAttributes().getIdentity()))
          .as("who finished the killed activity")
          .isNotEqualTo(victim);
      assertThat(retried.getActivityTaskStartedEventAttributes().getAttempt()).isGreaterThan(1);
      Path agents = cluster.home.resolve("agents");
      assertThat(agents.resolve("host1/fort-auth/wiki/client-id")).isNotEmptyFile();
      assertThat(agents.resolve("host2/fort-auth/git/client-id")).isNotEmptyFile();
    } finally {
      cluster.start(victim);
    }
  }

  private static boolean answers(Http http) {
    try {
      http.get("/__sandbox/faults");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Free ports for the Fort demo: its agents and services take consecutive ones from a base. */
  private static final class Ports {
    final Set<Integer> taken = new HashSet<>();
    final int pocketId = Cluster.freePort(taken);
    final int forgejo = Cluster.freePort(taken);
    final int beacon = Cluster.freePort(taken);
    final int agentBase = Cluster.freeRange(taken, 3);
    final int serviceBase = Cluster.freeRange(taken, 3);
  }
}
