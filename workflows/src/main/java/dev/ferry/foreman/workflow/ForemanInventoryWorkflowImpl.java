package dev.ferry.foreman.workflow;

import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.UUID;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForemanInventoryWorkflowImpl implements ForemanInventoryWorkflow {

  // A reader waits for this run (the API's refresh wait): an unreachable Foreman fails it at once
  // so the reader hears so within the connect timeout instead of after the retries; reading
  // again retries. Slow answers and server errors are still retried.
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setMaximumAttempts(4)
          .setDoNotRetry(ForemanInventoryActivities.UNREACHABLE)
          .build();

  // Paging tens of thousands of hosts takes minutes; the heartbeat notices a stuck worker much
  // sooner.
  private final ForemanInventoryActivities inventory =
      Workflow.newActivityStub(
          ForemanInventoryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(Duration.ofMinutes(2))
              .setRetryOptions(RETRY)
              .build());

  @Override
  public InventorySummary collect(InventoryRequest request) {
    UUID snapshotId = Workflow.randomUUID();
    ForemanInventoryActivities.HostsCollected hosts = inventory.collectHosts(request, snapshotId);
    // A filtered snapshot holds only some hosts, so its VM counts per hypervisor would be wrong;
    // hypervisors belong to the unfiltered snapshot only (runs started before this change always
    // collected them).
    boolean withHypervisors =
        Workflow.getVersion("hypervisors-unfiltered-only", Workflow.DEFAULT_VERSION, 1)
                == Workflow.DEFAULT_VERSION
            || request.search().isEmpty();
    int hypervisorCount = 0;
    String foremanVersion = hosts.foremanVersion();
    if (withHypervisors) {
      ForemanInventoryActivities.HypervisorsCollected hypervisors =
          inventory.collectHypervisors(request.configId(), snapshotId);
      hypervisorCount = hypervisors.hypervisorCount();
      foremanVersion = hypervisors.foremanVersion();
    }
    inventory.publishSnapshot(snapshotId, foremanVersion);
    return new InventorySummary(
        snapshotId, hosts.hostCount(), hypervisorCount, hosts.pages(), foremanVersion);
  }
}
