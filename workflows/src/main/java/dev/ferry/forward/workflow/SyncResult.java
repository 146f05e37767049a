package dev.ferry.forward.workflow;

import java.util.List;

/**
 * A finished sync. {@code collectionStatus} is how the collection ended (null when it was not
 * followed), {@code snapshotId} the snapshot that collection produced (without following: the
 * latest processed one), {@code missingDevices} what Forward could not model in it.
 */
public record SyncResult(
    String networkId,
    String networkName,
    int devices,
    int endpoints,
    String collectionTaskId,
    String snapshotId,
    String collectionStatus,
    List<MissingDevice> missingDevices) {}
