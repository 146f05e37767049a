package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.forward.workflow.SyncResult;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * Sync of N devices against the Forward sandbox with a fixed latency per request: the ForwardSync
 * workflow (real dev server, PostgreSQL, a worker with the production worker's options) beside two
 * floors, a bare client making the same minimal calls in sequence, and the same bare client with
 * the workflow's batch parallelism. All three follow the collection to its end with the same
 * polling schedule. The sandbox runs in a JVM of its own, as Forward runs apart from the worker.
 * Run with scripts/bench-forward.sh [devices] [latencyMs] [batchSize] [parallelBatches];
 * BENCH_TIMELINE=1 also prints where the first sync's time went, from its history.
 */
public final class ForwardSyncBenchmark {

  private ForwardSyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int parallel = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    List<DeviceInput> inventory = ForwardRig.devices(devices, "bench");

    try (ForwardRig rig = new ForwardRig(ForwardRig.properties(batchSize, parallel), true);
        ForwardSandboxProcess forward = new ForwardSandboxProcess(Duration.ofMillis(latencyMs))) {
      warmUp(rig, forward, batchSize, parallel);
      long floorMs = floor(forward, inventory, batchSize, 1, "floor");
      forward.reset();
      long parallelFloorMs = floor(forward, inventory, batchSize, parallel, "pfloor");
      forward.reset();

      ForwardProfile profile = rig.profile(forward.baseUrl(), "demo-key", "demo-secret");
      UUID id =
          rig.saveDeployment("bench", "lab", "clabernetes", profile, inventory, List.of(), null);
      ForwardSyncWorkflow first = rig.syncStub("bench", "lab", "clabernetes");
      long started = System.nanoTime();
      SyncResult result =
          first.sync(new SyncRequest(id.toString(), rig.userName, "bench", "lab", "clabernetes"));
      long syncMs = (System.nanoTime() - started) / 1_000_000;
      WorkflowExecutionHistory history =
          rig.client.fetchHistory(WorkflowStub.fromTyped(first).getExecution().getWorkflowId());
      int events = history.getEvents().size();
      timeline("first sync", history);
      if (forward.deviceCount(result.networkId()) != devices) {
        throw new IllegalStateException(
            "sandbox has " + forward.deviceCount(result.networkId()) + " devices");
      }

      ForwardSyncWorkflow second = rig.syncStub("bench", "lab", "clabernetes");
      started = System.nanoTime();
      second.sync(new SyncRequest(id.toString(), rig.userName, "bench", "lab", "clabernetes"));
      long resyncMs = (System.nanoTime() - started) / 1_000_000;
      timeline(
          "re-sync",
          rig.client.fetchHistory(WorkflowStub.fromTyped(second).getExecution().getWorkflowId()));

      System.out.printf(
          "devices=%d latency=%dms batchSize=%d parallelBatches=%d%n",
          devices, latencyMs, batchSize, parallel);
      System.out.printf("floor (bare client, sequential minimal calls): %6d ms%n", floorMs);
      System.out.printf(
          "parallel floor (bare client, %d batches at once): %6d ms%n", parallel, parallelFloorMs);
      System.out.printf(
          "ForwardSync workflow, first sync:             %6d ms  (%.2fx floor, %.2fx parallel"
              + " floor), %d history events%n",
          syncMs, (double) syncMs / floorMs, (double) syncMs / parallelFloorMs, events);
      System.out.printf(
          "ForwardSync workflow, idempotent re-sync:     %6d ms  (%.2fx floor, %.2fx parallel"
              + " floor)%n",
          resyncMs, (double) resyncMs / floorMs, (double) resyncMs / parallelFloorMs);
    }
    System.exit(0);
  }

  /** With BENCH_TIMELINE set: where a sync's time went, from its history. */
  private static void timeline(String title, WorkflowExecutionHistory history) {
    if (System.getenv("BENCH_TIMELINE") != null) {
      System.out.println("-- " + title);
      System.out.print(HistoryTimeline.of(history));
    }
  }

  /**
   * JIT and connection warm-up of both paths on a small inventory, so neither side pays start-up
   * costs.
   */
  private static void warmUp(
      ForwardRig rig, ForwardSandboxProcess forward, int batchSize, int parallel) throws Exception {
    List<DeviceInput> small = ForwardRig.devices(batchSize * 2, "warm");
    floor(forward, small, batchSize, 1, "warm");
    floor(forward, small, batchSize, parallel, "pwarm");
    ForwardProfile profile = rig.profile(forward.baseUrl(), "demo-key", "demo-secret");
    UUID id = rig.saveDeployment("bench", "warm", "clabernetes", profile, small, List.of(), null);
    rig.sync(id, "bench", "warm", "clabernetes");
    forward.reset();
  }

  /**
   * Collector, network, binding, one credential per kind, putBatch per batch ({@code parallel} at a
   * time), start collection, follow it to its processed snapshot.
   */
  private static long floor(
      ForwardSandboxProcess forward,
      List<DeviceInput> inventory,
      int batchSize,
      int parallel,
      String name) {
    ForwardClient client =
        new ForwardClient(new OkHttpClient(), forward.baseUrl(), "demo-key", "demo-secret");
    long started = System.nanoTime();
    String collector = client.createCollector(name).path("username").asText();
    String network = client.createNetwork(name + "-net").path("id").asText();
    client.bindCollector(network, collector);
    Map<String, String> credentials = new LinkedHashMap<>();
    for (DeviceInput d : inventory) {
      credentials.computeIfAbsent(
          d.kind(),
          kind ->
              client
                  .createCliCredential(network, "floor-" + kind, d.username(), d.password())
                  .path("id")
                  .asText());
    }
    DeviceTypeHints hints = new DeviceTypeHints(Map.of());
    List<ArrayNode> batches = new ArrayList<>();
    for (int from = 0; from < inventory.size(); from += batchSize) {
      ArrayNode batch = JsonNodeFactory.instance.arrayNode();
      for (DeviceInput d : inventory.subList(from, Math.min(inventory.size(), from + batchSize))) {
        var node =
            batch
                .addObject()
                .put("name", d.name())
                .put("host", d.host())
                .put("port", d.port())
                .put("cliCredentialId", credentials.get(d.kind()));
        hints.typeOf(d.kind()).ifPresent(t -> node.put("type", t));
      }
      batches.add(batch);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
      List<Future<?>> puts = new ArrayList<>();
      batches.forEach(batch -> puts.add(pool.submit(() -> client.putDevices(network, batch))));
      for (Future<?> put : puts) {
        put.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
    followCollection(client, network, client.startCollectionTask(network));
    return (System.nanoTime() - started) / 1_000_000;
  }

  /**
   * As the workflow follows it: wait the workflow's poll interval, look at the task and, once it
   * succeeded, at the snapshots; the interval doubles up to 8×.
   */
  private static void followCollection(ForwardClient client, String network, String taskId) {
    long poll = ForwardRig.properties(1, 1).collectionPollInterval().toMillis();
    long interval = poll;
    while (true) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (client.collectorTask(taskId).path("status").asText().equals("SUCCEEDED")
          && client.snapshots(network).stream()
              .anyMatch(s -> s.path("state").asText().equals("PROCESSED"))) {
        return;
      }
      interval = Math.min(interval * 2, poll * 8);
    }
  }
}
