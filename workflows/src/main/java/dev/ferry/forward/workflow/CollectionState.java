package dev.ferry.forward.workflow;

import java.util.List;

/**
 * Where a Forward collection stands, read from its collector task and then from the snapshot it
 * produced. {@code status} is the task's ({@code QUEUED}, {@code RUNNING}, {@code SUCCEEDED},
 * {@code FAILED}, {@code TIMED_OUT}, {@code CANCELED}), or {@code PROCESSING} while the snapshot of
 * a succeeded task is not processed yet. {@code done} ends the polling; {@code failure} is set when
 * the collection did not give a snapshot, with what Forward said.
 */
public record CollectionState(
    String taskId,
    String status,
    boolean done,
    String snapshotId,
    String failure,
    List<MissingDevice> missingDevices) {

  public static CollectionState notFollowed(String taskId) {
    return new CollectionState(taskId, null, true, null, null, List.of());
  }
}
