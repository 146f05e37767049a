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

  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setMaximumAttempts(4)
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
    ForemanInventoryActivities.HypervisorsCollected hypervisors =
        inventory.collectHypervisors(request.configId(), snapshotId);
    inventory.publishSnapshot(snapshotId, hypervisors.foremanVersion());
    return new InventorySummary(
        snapshotId,
        hosts.hostCount(),
        hypervisors.hypervisorCount(),
        hosts.pages(),
        hypervisors.foremanVersion());
  }
}
