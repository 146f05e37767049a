package dev.ferry.api.foreman;

import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.store.ForemanSnapshotRepository.Snapshot;
import dev.ferry.foreman.workflow.ForemanInventoryWorkflow;
import dev.ferry.foreman.workflow.InventoryRequest;
import dev.ferry.foreman.workflow.InventorySummary;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Serves the newest inventory snapshot of a (configuration, search) while it is younger than the
 * TTL, and otherwise (or on request) runs the inventory workflow and waits a bounded time for it.
 * Concurrent refreshes of the same inventory join one run. If an expired snapshot exists and the
 * run fails or outlasts the wait, the expired snapshot is served (flagged stale).
 */
@Component
public class ForemanInventory {

  private final WorkflowClient client;
  private final WorkflowLinks links;
  private final ForemanSnapshotRepository snapshots;
  private final ForemanApiProperties properties;

  public ForemanInventory(
      WorkflowClient client,
      WorkflowLinks links,
      ForemanSnapshotRepository snapshots,
      ForemanApiProperties properties) {
    this.client = client;
    this.links = links;
    this.snapshots = snapshots;
    this.properties = properties;
  }

  /** The inventory run did not finish within the wait; the caller gets its id and link instead. */
  public static class StillRunning extends RuntimeException {
    final String workflowId;
    final String webUiUrl;

    StillRunning(String workflowId, String webUiUrl) {
      super("inventory still running: " + workflowId);
      this.workflowId = workflowId;
      this.webUiUrl = webUiUrl;
    }
  }

  public Snapshot snapshot(UUID configId, String search, boolean refresh) {
    String normalized = search == null ? "" : search.trim();
    Optional<Snapshot> newest = snapshots.newest(configId, normalized);
    if (!refresh && newest.isPresent() && !expired(newest.get())) {
      return newest.get();
    }
    try {
      return run(configId, normalized);
    } catch (StillRunning | ResponseStatusException e) {
      // an expired snapshot beats no answer; it is marked stale, and an explicit refresh still
      // reports the failure
      if (!refresh && newest.isPresent()) {
        return newest.get();
      }
      throw e;
    }
  }

  public boolean expired(Snapshot snapshot) {
    return snapshot.completedAt().isBefore(OffsetDateTime.now().minus(properties.inventoryTtl()));
  }

  private Snapshot run(UUID configId, String search) {
    String workflowId = workflowId(configId, search);
    ForemanInventoryWorkflow workflow =
        client.newWorkflowStub(
            ForemanInventoryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowRunTimeout(Duration.ofHours(1))
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(FerrySearchAttributes.FOREMAN_CONFIG, configId.toString())
                        .build())
                .build());
    String runId =
        WorkflowClient.start(workflow::collect, new InventoryRequest(configId, search)).getRunId();
    try {
      InventorySummary summary =
          WorkflowStub.fromTyped(workflow)
              .getResult(
                  properties.refreshWait().toMillis(),
                  TimeUnit.MILLISECONDS,
                  InventorySummary.class);
      return snapshots
          .find(summary.snapshotId())
          .orElseThrow(
              () -> new IllegalStateException("snapshot " + summary.snapshotId() + " vanished"));
    } catch (TimeoutException e) {
      throw new StillRunning(workflowId, links.of(workflowId, runId));
    } catch (WorkflowFailedException e) {
      throw ForemanRunFailure.of(workflowId, e);
    }
  }

  /**
   * One id per (configuration, search), so a second refresh joins the running one; the search is
   * hashed.
   */
  static String workflowId(UUID configId, String search) {
    String id = ForemanInventoryWorkflow.ID_PREFIX + configId;
    if (search.isEmpty()) {
      return id;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(search.getBytes(StandardCharsets.UTF_8));
      return id + "/" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
