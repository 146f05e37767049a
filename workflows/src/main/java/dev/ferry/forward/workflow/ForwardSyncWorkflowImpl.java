package dev.ferry.forward.workflow;

import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardSyncWorkflowImpl implements ForwardSyncWorkflow {

  /**
   * Temporal's {@code history.timerProcessorMaxTimeShift} (1 s by default): a timer set to fire
   * sooner fires about then.
   */
  private static final long TIMER_RESOLUTION_MILLIS = 1_000;

  private String phase = "starting";
  private int devicesDone;
  private int devicesTotal;
  private String collectionStatus;
  private List<MissingDevice> missingDevices = List.of();

  @Override
  public SyncResult sync(SyncRequest request) {
    String id = request.deploymentId();
    // Runs started before the steps went side by side (2026-12) replay in the order they recorded.
    boolean sideBySide = Workflow.getVersion("sync-side-by-side", Workflow.DEFAULT_VERSION, 1) == 1;
    // Runs started before the pooled device upload and the fewer-activity collection (2026-12)
    // replay
    // their one activity per batch and per look.
    boolean fewerTrips =
        sideBySide
            && Workflow.getVersion("sync-fewer-round-trips", Workflow.DEFAULT_VERSION, 1) == 1;
    phase = "plan";
    SyncPlan plan =
        sideBySide
            // PostgreSQL only: run by this worker inside the workflow task, no activity-task trip
            ? Workflow.newLocalActivityStub(
                    ForwardSyncActivities.class,
                    ForwardActivityOptions.local("Read deployment " + request.deployment()))
                .plan(id)
            : step("plan", "Read deployment " + request.deployment()).plan(id);
    devicesTotal = plan.devicesTotal();
    if (fewerTrips) {
      putInFewerTrips(request, plan);
    } else if (sideBySide) {
      putSideBySide(request, plan);
    } else {
      putStepByStep(request, plan);
    }

    String taskId = step("collection", "Start collection").startCollection(id);
    boolean follow =
        Workflow.getVersion("follow-collection", Workflow.DEFAULT_VERSION, 1) == 1
            && !request.noWaitCollection()
            && taskId != null;
    if (!follow) {
      SyncResult result = step("recording", "Record result").finish(id, taskId);
      phase = "done";
      return result;
    }
    CollectionState collection;
    SyncResult result;
    if (fewerTrips) {
      CollectionFollowed followed = followAndRecord(id, taskId, plan);
      collection = followed.state();
      result =
          followed.result() != null
              ? followed.result()
              : step("recording", "Record collection " + taskId).record(id, collection);
    } else {
      collection = followCollection(id, taskId, plan, sideBySide);
      result = step("recording", "Record collection " + taskId).record(id, collection);
    }
    phase = "done";
    if (collection.failure() != null) {
      // the devices are in Forward, but the sync did not give the snapshot it promises
      throw ApplicationFailure.newNonRetryableFailure(
          collection.failure(), "ForwardCollectionFailed");
    }
    return result;
  }

  /**
   * Polls the collector task with durable timers between short activities, so a worker that dies
   * while Forward collects costs nothing: the next one resumes the wait where the history left it.
   */
  private CollectionState followCollection(
      String id, String taskId, SyncPlan plan, boolean subSecondInActivity) {
    long pollMillis = pollMillis(plan);
    long timeoutMillis = timeoutMillis(plan);
    long deadline = Workflow.currentTimeMillis() + timeoutMillis;
    long interval = pollMillis;
    // a task just started is QUEUED: the first look waits one interval
    seen("QUEUED", List.of());
    while (Workflow.currentTimeMillis() + interval <= deadline) {
      // The server fires a timer no sooner than about a second after it was set (its timer queue
      // reads that far ahead), so a shorter wait is spent in the poll activity itself.
      long inActivity = subSecondInActivity && interval < TIMER_RESOLUTION_MILLIS ? interval : 0;
      if (inActivity == 0) {
        Workflow.sleep(Duration.ofMillis(interval));
      }
      CollectionState state =
          activities("Poll collection " + taskId).pollCollection(id, taskId, inActivity);
      seen(state.status(), state.missingDevices());
      if (state.done()) {
        return state;
      }
      interval = Math.min(interval * 2, pollMillis * 8);
    }
    return timedOut(taskId, collectionStatus, timeoutMillis);
  }

  /**
   * Follows the collection on the same schedule as {@link #followCollection}, in fewer activities:
   * one activity makes the looks of about a second of sub-second waits, and the look that finds the
   * collection done records it too.
   */
  private CollectionFollowed followAndRecord(String id, String taskId, SyncPlan plan) {
    seen("QUEUED", List.of());
    long deadline = Workflow.currentTimeMillis() + timeoutMillis(plan);
    long pollMillis = pollMillis(plan);
    long interval = pollMillis;
    while (Workflow.currentTimeMillis() + interval <= deadline) {
      List<Long> waits = new ArrayList<>();
      if (interval >= TIMER_RESOLUTION_MILLIS) {
        Workflow.sleep(Duration.ofMillis(interval));
        waits.add(0L);
        interval = Math.min(interval * 2, pollMillis * 8);
      } else {
        long planned = 0;
        do {
          waits.add(interval);
          planned += interval;
          interval = Math.min(interval * 2, pollMillis * 8);
        } while (interval < TIMER_RESOLUTION_MILLIS
            && planned + interval <= TIMER_RESOLUTION_MILLIS
            && Workflow.currentTimeMillis() + planned + interval <= deadline);
      }
      CollectionFollowed followed =
          activities("Poll collection " + taskId).followCollection(id, taskId, waits);
      seen(followed.state().status(), followed.state().missingDevices());
      if (followed.state().done()) {
        return followed;
      }
    }
    return new CollectionFollowed(timedOut(taskId, collectionStatus, timeoutMillis(plan)), null);
  }

  /** What the progress query tells of the collection after a look. */
  private void seen(String status, List<MissingDevice> missing) {
    collectionStatus = status;
    missingDevices = missing;
    phase = "collection " + status;
  }

  private static long pollMillis(SyncPlan plan) {
    return plan.collectionPollMillis() > 0 ? plan.collectionPollMillis() : 5_000;
  }

  private static long timeoutMillis(SyncPlan plan) {
    return plan.collectionTimeoutMillis() > 0 ? plan.collectionTimeoutMillis() : 7_200_000;
  }

  private static CollectionState timedOut(String taskId, String status, long timeoutMillis) {
    return new CollectionState(
        taskId,
        status,
        true,
        null,
        "Forward collection task "
            + taskId
            + " is still "
            + status
            + " after "
            + Duration.ofMillis(timeoutMillis)
            + "; it keeps running in Forward",
        List.of());
  }

  /**
   * Each step starts as soon as what it needs is there: the collector is registered while the
   * network and its credentials are made, and bound once both exist; the device upload, the Linux
   * endpoints and the pruning of removed sources run side by side.
   */
  private void putInFewerTrips(SyncRequest request, SyncPlan plan) {
    String id = request.deploymentId();
    phase = "collector and network";
    Promise<String> collector = Async.function(activities("Ensure collector")::ensureCollector, id);
    // the bastion needs no network, and the credentials need the bastion (their jump server)
    ensureBastionIfByos(request);
    NetworkRef network =
        recorded(
            activities("Ensure network, CLI credentials, jump server, endpoint profile")
                .ensureNetworkAndCredentials(id));
    // the upload first: a workflow task hands its first three activities straight to this worker
    phase = "devices";
    Promise<Void> devices = upload(id, plan, 0);
    Promise<Integer> endpoints =
        Async.function(
            activities("Put " + plan.endpointsTotal() + " Linux endpoints")::putEndpoints, id);
    // putBatch never deletes, so a device dropped from the inventory would stay in Forward for
    // ever. What is stale depends only on the network and the inventory, so it goes meanwhile; a
    // network made just now holds nothing of ours (listing it would only find the upload's
    // devices).
    Promise<Integer> pruned =
        network.created()
            ? Workflow.newPromise(0)
            : Async.function(
                activities("Remove devices and endpoints gone from the inventory")::pruneRemoved,
                id);
    Promise<Void> binding =
        collector.thenCompose(
            username ->
                Async.procedure(
                    activities("Bind collector to network " + network.id())::bindCollector, id));
    devices.get();
    endpoints.get();
    pruned.get();
    phase = "binding";
    binding.get();
  }

  /**
   * The device upload: one activity keeps {@code parallelBatches} batches in flight and reports
   * back about every second; the next one goes on from there. A workflow task and an activity per
   * report instead of per batch, and no sender idles while another still has batches to put.
   */
  private Promise<Void> upload(String id, SyncPlan plan, int batch) {
    if (batch >= plan.deviceBatches()) {
      return Workflow.newPromise(null);
    }
    String summary = "Put devices from batch " + (batch + 1) + " of " + plan.deviceBatches();
    return Async.function(activities(summary)::putDevicesFrom, id, batch, plan.parallelBatches())
        .thenCompose(
            put -> {
              devicesDone += put.devices();
              return upload(id, plan, put.nextBatch());
            });
  }

  /** The order of runs started before {@link #putInFewerTrips}; kept while such a run is open. */
  private void putSideBySide(SyncRequest request, SyncPlan plan) {
    String id = request.deploymentId();
    phase = "collector and network";
    Promise<String> collector = Async.function(activities("Ensure collector")::ensureCollector, id);
    NetworkRef network = ensureNetwork(id);
    // putBatch never deletes, so a device dropped from the inventory would stay in Forward for
    // ever. What is stale depends only on the network and the inventory, so it goes meanwhile.
    Promise<Integer> pruned =
        Workflow.getVersion("prune-removed-sources", Workflow.DEFAULT_VERSION, 1) == 1
            ? Async.function(
                activities("Remove devices and endpoints gone from the inventory")::pruneRemoved,
                id)
            : Workflow.newPromise(0);
    Promise<Void> binding =
        collector.thenCompose(
            username ->
                Async.procedure(
                    activities("Bind collector to network " + network.id())::bindCollector, id));
    ensureBastionIfByos(request);
    step("credentials", "Ensure CLI credentials, jump server, endpoint profile")
        .ensureCredentials(id);

    Promise<Integer> endpoints =
        Async.function(
            activities("Put " + plan.endpointsTotal() + " Linux endpoints")::putEndpoints, id);
    putDevices(id, plan);
    endpoints.get();
    pruned.get();
    phase = "binding";
    binding.get();
  }

  /** The order of runs started before {@link #putSideBySide}; kept while such a run is open. */
  private void putStepByStep(SyncRequest request, SyncPlan plan) {
    String id = request.deploymentId();
    phase = "collector and network";
    Promise<String> collector = Async.function(activities("Ensure collector")::ensureCollector, id);
    NetworkRef network = ensureNetwork(id);
    collector.get();
    ensureBastionIfByos(request);

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
    if (Workflow.getVersion("prune-removed-sources", Workflow.DEFAULT_VERSION, 1) == 1) {
      step("pruning", "Remove devices and endpoints gone from the inventory").pruneRemoved(id);
    }
  }

  private NetworkRef ensureNetwork(String id) {
    return recorded(activities("Ensure network").ensureNetwork(id));
  }

  /** The network, searchable by its id from now on. */
  private static NetworkRef recorded(NetworkRef network) {
    Workflow.upsertTypedSearchAttributes(
        FerrySearchAttributes.FORWARD_NETWORK_ID.valueSet(network.id()));
    return network;
  }

  private void ensureBastionIfByos(SyncRequest request) {
    if ("byos".equals(request.deploymentType())
        && Workflow.getVersion("ferry-bastion", Workflow.DEFAULT_VERSION, 1) == 1) {
      phase = "bastion";
      Workflow.newActivityStub(
              ForwardBastionActivities.class,
              ForwardActivityOptions.step("Ensure the Ferry bastion as jump server"))
          .ensureBastion(request.deploymentId());
    }
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
    return new SyncProgress(phase, devicesDone, devicesTotal, collectionStatus, missingDevices);
  }
}
