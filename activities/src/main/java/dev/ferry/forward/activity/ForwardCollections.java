package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.DeploymentCredential;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.workflow.CollectionState;
import dev.ferry.forward.workflow.MissingDevice;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.remote.RemoteException;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The collection steps of a sync: start a collector task, look at it until it ends (forward-api.md
 * §3.11, OpenAPI {@code addCollectorTask}, {@code getCollectorTask}), find the snapshot it made
 * ({@code listNetworkSnapshots}) and what Forward could not model in it ({@code
 * getMissingDevices}), and record the outcome.
 */
final class ForwardCollections {

  /** Terminal task statuses that leave no snapshot (OpenAPI {@code CollectorTask.status}). */
  private static final Set<String> FAILED = Set.of("FAILED", "TIMED_OUT", "CANCELED");

  /** Snapshot states after which processing will not finish (OpenAPI {@code SnapshotState}). */
  private static final Set<String> SNAPSHOT_FAILED =
      Set.of("FAILED", "CANCELED", "TIMED_OUT", "RESTORE_FAILED");

  /** Enough to act on; the full list stays in Forward. Keeps the workflow history small. */
  static final int MISSING_DEVICES_KEPT = 100;

  private final ForwardDeploymentRepository deployments;

  ForwardCollections(ForwardDeploymentRepository deployments) {
    this.deployments = deployments;
  }

  /**
   * Starts a collection and returns its task id. One collection per network runs at a time: a 409
   * while the task this sync started before a crash still runs is that task; another one running is
   * what we asked for, but cannot be followed (null).
   */
  String start(ForwardClient client, ForwardDeployment d) {
    try {
      String taskId = client.startCollectionTask(d.networkId());
      if (taskId != null) {
        deployments.recordCollectionTask(d.id(), taskId);
      }
      return taskId;
    } catch (RemoteException e) {
      String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (e.status() == 409
          || (e.status() == 400 && text.contains("already") && text.contains("progress"))) {
        return ourRunningTask(client, d).orElse(null);
      }
      if (e.status() == 404 && text.contains("no endpoint")) {
        startLegacy(client, d.networkId());
        return null;
      }
      throw e;
    }
  }

  private static Optional<String> ourRunningTask(ForwardClient client, ForwardDeployment d) {
    if (d.lastTaskId() == null) {
      return Optional.empty();
    }
    try {
      JsonNode task = client.collectorTask(d.lastTaskId());
      String status = task.path("status").asText("");
      boolean running = status.equals("QUEUED") || status.equals("RUNNING");
      return running && d.networkId().equals(task.path("networkId").asText())
          ? Optional.of(d.lastTaskId())
          : Optional.empty();
    } catch (RemoteException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Older builds: startcollection; "No valid devices" means Forward has not validated them yet, so
   * retry.
   */
  private static void startLegacy(ForwardClient client, String networkId) {
    try {
      client.startCollectionLegacy(networkId);
    } catch (RemoteException e) {
      if (String.valueOf(e.getMessage()).contains("No valid devices")) {
        throw ApplicationFailure.newFailure(e.getMessage(), "ForwardNoValidDevicesYet");
      }
      throw e;
    }
  }

  /**
   * One look: the task's status; once it SUCCEEDED, the first snapshot created after the task was
   * (the one this collection made); once that is PROCESSED, its missing devices.
   */
  CollectionState poll(ForwardClient client, ForwardDeployment d, String taskId) {
    JsonNode task = client.collectorTask(taskId);
    String status = task.path("status").asText("UNKNOWN");
    if (FAILED.contains(status)) {
      return failed(taskId, status, failure(client, d, taskId, task));
    }
    if (status.equals("QUEUED") && !bound(client, d.networkId())) {
      // addCollectorTask: collection begins "as soon as a Collector is available"; with none
      // bound to the network that is never, so say so instead of waiting out the timeout
      return failed(
          taskId,
          status,
          "Forward collection task "
              + taskId
              + " cannot run: no collector is bound to network "
              + d.networkId()
              + " (bind one in Forward, or name one in the profile)");
    }
    if (!status.equals("SUCCEEDED")) {
      return new CollectionState(taskId, status, false, null, null, List.of());
    }
    Optional<JsonNode> snapshot = snapshotOf(client, d.networkId(), task);
    if (snapshot.isEmpty()) {
      return new CollectionState(taskId, "PROCESSING", false, null, null, List.of());
    }
    String snapshotId = snapshot.get().path("id").asText();
    String state = snapshot.get().path("state").asText("");
    if (SNAPSHOT_FAILED.contains(state)) {
      return failed(
          taskId,
          status,
          "Forward collection task "
              + taskId
              + " succeeded, but processing its snapshot "
              + snapshotId
              + " ended "
              + state);
    }
    if (!state.equals("PROCESSED")) {
      return new CollectionState(taskId, "PROCESSING", false, snapshotId, null, List.of());
    }
    return new CollectionState(
        taskId, status, true, snapshotId, null, missing(client, d.networkId(), snapshotId));
  }

  private static boolean bound(ForwardClient client, String networkId) {
    return !client.networkCollector(networkId).path("username").asText("").isEmpty();
  }

  private static CollectionState failed(String taskId, String status, String failure) {
    return new CollectionState(taskId, status, true, null, failure, List.of());
  }

  /**
   * What Forward tells about a collection that ended without a snapshot: the task's status, who
   * canceled it, its note, and the state of the network's collector, the usual cause.
   */
  private static String failure(
      ForwardClient client, ForwardDeployment d, String taskId, JsonNode task) {
    StringBuilder text =
        new StringBuilder("Forward collection task ")
            .append(taskId)
            .append(" ended ")
            .append(task.path("status").asText());
    if (task.hasNonNull("finishedAt")) {
      text.append(" at ").append(task.get("finishedAt").asText());
    }
    if (task.hasNonNull("canceledBy")) {
      text.append(", canceled by ").append(task.get("canceledBy").asText());
    }
    if (task.hasNonNull("note") && !task.get("note").asText().isBlank()) {
      text.append(": ").append(task.get("note").asText());
    }
    JsonNode collector = client.networkCollector(d.networkId());
    if (collector.path("username").asText("").isEmpty()) {
      text.append("; no collector is bound to network ").append(d.networkId());
    } else if (collector.hasNonNull("connectionStatus")
        && !"CONNECTED".equals(collector.get("connectionStatus").asText())) {
      text.append("; collector ")
          .append(collector.path("name").asText(collector.path("username").asText()))
          .append(" is ")
          .append(collector.get("connectionStatus").asText());
    }
    return text.toString();
  }

  /**
   * The collection's snapshot: the earliest one created at or after the task (a network runs one
   * collection at a time, so a later collection's snapshot is always newer).
   */
  private static Optional<JsonNode> snapshotOf(
      ForwardClient client, String networkId, JsonNode task) {
    Instant since = instant(task.path("createdAt").asText(null));
    if (since == null) {
      return Optional.empty();
    }
    return client.snapshots(networkId).stream()
        .filter(s -> !"IMPORT".equals(s.path("processingTrigger").asText()))
        .filter(s -> !s.path("isDraft").asBoolean(false))
        .filter(
            s -> {
              Instant created = instant(s.path("createdAt").asText(null));
              return created != null && !created.isBefore(since);
            })
        .min(Comparator.comparing(s -> instant(s.path("createdAt").asText())));
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<MissingDevice> missing(
      ForwardClient client, String networkId, String snapshotId) {
    List<MissingDevice> out = new ArrayList<>();
    for (JsonNode m : client.missingDevices(networkId, snapshotId)) {
      if (out.size() == MISSING_DEVICES_KEPT) {
        break;
      }
      out.add(
          new MissingDevice(
              m.path("name").asText(), texts(m, "ipAddresses"), texts(m, "neighbors")));
    }
    return out;
  }

  private static List<String> texts(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    node.path(field).forEach(v -> out.add(v.asText()));
    return out;
  }

  /** Without following: the latest processed snapshot, whichever collection made it. */
  SyncResult finish(ForwardClient client, ForwardDeployment d, String taskId) {
    String snapshotId =
        client
            .latestProcessedSnapshot(d.networkId())
            .map(s -> s.path("id").asText(null))
            .orElse(null);
    return record(client, d, CollectionState.notFollowed(taskId), snapshotId);
  }

  /**
   * Deletes credentials a rotation replaced (devices moved off them in this sync) and records the
   * collection.
   */
  SyncResult record(
      ForwardClient client, ForwardDeployment d, CollectionState collection, String snapshotId) {
    for (DeploymentCredential credential : deployments.credentials(d.id())) {
      if (credential.retiredForwardId() != null) {
        deleteQuietly(client, d.networkId(), credential.retiredForwardId());
        deployments.clearRetiredCredential(d.id(), credential.kind());
      }
    }
    deployments.recordCollection(d.id(), collection.taskId(), snapshotId);
    return new SyncResult(
        d.networkId(),
        d.networkName(),
        deployments.deviceCount(d.id(), false),
        deployments.deviceCount(d.id(), true),
        collection.taskId(),
        snapshotId,
        collection.status(),
        collection.missingDevices());
  }

  private static void deleteQuietly(ForwardClient client, String networkId, String credentialId) {
    try {
      client.deleteCliCredential(networkId, credentialId);
    } catch (RemoteException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }
}
