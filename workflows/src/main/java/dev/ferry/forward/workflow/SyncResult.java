package dev.ferry.forward.workflow;

public record SyncResult(
    String networkId,
    String networkName,
    int devices,
    int endpoints,
    String collectionTaskId,
    String snapshotId) {}
