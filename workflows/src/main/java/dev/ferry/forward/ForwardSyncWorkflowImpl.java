package dev.ferry.forward;

import dev.ferry.FerrySearchAttributes;
import dev.ferry.FerryTaskQueues;
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

    step("collector", "Ensure collector").ensureCollector(id);
    NetworkRef network = step("network", "Ensure network").ensureNetwork(id);
    Workflow.upsertTypedSearchAttributes(FerrySearchAttributes.FORWARD_NETWORK_ID.valueSet(network.id()));
    step("binding", "Bind collector to network " + network.id()).bindCollector(id);
    step("credentials", "Ensure CLI credentials, jump server, endpoint profile").ensureCredentials(id);

    putDevices(id, plan);
    step("endpoints", "Put " + plan.endpointsTotal() + " Linux endpoints").putEndpoints(id);
    String taskId = step("collection", "Start collection").startCollection(id);
    SyncResult result = step("recording", "Record result").finish(id, taskId);
    phase = "done";
    return result;
  }

  /** Batches go out {@code parallelBatches} at a time; each batch reads its devices from the database. */
  private void putDevices(String id, SyncPlan plan) {
    phase = "devices";
    List<Promise<Integer>> inFlight = new ArrayList<>();
    for (int batch = 0; batch < plan.deviceBatches(); batch++) {
      if (inFlight.size() >= plan.parallelBatches()) {
        awaitOne(inFlight);
      }
      ForwardSyncActivities activities = Workflow.newActivityStub(ForwardSyncActivities.class,
          ForwardActivityOptions.step("Put devices, batch " + (batch + 1) + "/" + plan.deviceBatches()));
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
    return Workflow.newActivityStub(ForwardSyncActivities.class, ForwardActivityOptions.step(summary));
  }

  @Override
  public SyncProgress progress() {
    return new SyncProgress(phase, devicesDone, devicesTotal);
  }
}
