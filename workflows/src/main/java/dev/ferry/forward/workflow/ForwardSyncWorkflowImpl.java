package dev.ferry.forward.workflow;

import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardSyncWorkflowImpl implements ForwardSyncWorkflow {

  private String phase = "starting";
  private int devicesDone;
  private int devicesTotal;

  @Override
  public SyncResult sync(SyncRequest request) {
    String id = request.deploymentId();
    SyncPlan plan = step("plan", "Read deployment " + request.deployment()).plan(id);
    devicesTotal = plan.devicesTotal();

    // Steps that do not depend on each other run side by side: collector with network, binding with
    // credentials, Linux endpoints with the device batches.
    phase = "collector and network";
    Promise<String> collector = Async.function(activities("Ensure collector")::ensureCollector, id);
    NetworkRef network = activities("Ensure network").ensureNetwork(id);
    Workflow.upsertTypedSearchAttributes(
        FerrySearchAttributes.FORWARD_NETWORK_ID.valueSet(network.id()));
    collector.get();
    if ("byos".equals(request.deploymentType())
        && Workflow.getVersion("ferry-bastion", Workflow.DEFAULT_VERSION, 1) == 1) {
      phase = "bastion";
      Workflow.newActivityStub(
              ForwardBastionActivities.class,
              ForwardActivityOptions.step("Ensure the Ferry bastion as jump server"))
          .ensureBastion(id);
    }

    phase = "binding and credentials";
    Promise<Void> binding =
        Async.procedure(activities("Bind collector to network " + network.id())::bindCollector, id);
    activities("Ensure CLI credentials, jump server, endpoint profile").ensureCredentials(id);
    binding.get();

    Promise<Integer> endpoints =
        Async.function(
            activities("Put " + plan.endpointsTotal() + " Linux endpoints")::putEndpoints, id);
    putDevices(id, plan);
    endpoints.get();
    // putBatch never deletes, so a device dropped from the inventory would stay in Forward for
    // ever.
    if (Workflow.getVersion("prune-removed-sources", Workflow.DEFAULT_VERSION, 1) == 1) {
      step("pruning", "Remove devices and endpoints gone from the inventory").pruneRemoved(id);
    }
    String taskId = step("collection", "Start collection").startCollection(id);
    SyncResult result = step("recording", "Record result").finish(id, taskId);
    phase = "done";
    return result;
  }

  /**
   * Batches go out {@code parallelBatches} at a time; each batch reads its devices from the
   * database.
   */
  private void putDevices(String id, SyncPlan plan) {
    phase = "devices";
    List<Promise<Integer>> inFlight = new ArrayList<>();
    for (int batch = 0; batch < plan.deviceBatches(); batch++) {
      if (inFlight.size() >= plan.parallelBatches()) {
        awaitOne(inFlight);
      }
      ForwardSyncActivities activities =
          activities("Put devices, batch " + (batch + 1) + "/" + plan.deviceBatches());
      int index = batch;
      inFlight.add(Async.function(() -> activities.putDevices(id, index)));
    }
    while (!inFlight.isEmpty()) {
      awaitOne(inFlight);
    }
  }

  private void awaitOne(List<Promise<Integer>> inFlight) {
    Promise.anyOf(inFlight).get();
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      if (inFlight.get(i).isCompleted()) {
        devicesDone += inFlight.remove(i).get();
      }
    }
  }

  private ForwardSyncActivities step(String phase, String summary) {
    this.phase = phase;
    return activities(summary);
  }

  private static ForwardSyncActivities activities(String summary) {
    return Workflow.newActivityStub(
        ForwardSyncActivities.class, ForwardActivityOptions.step(summary));
  }

  @Override
  public SyncProgress progress() {
    return new SyncProgress(phase, devicesDone, devicesTotal);
  }
}
