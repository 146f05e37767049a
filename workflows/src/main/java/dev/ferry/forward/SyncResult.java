package dev.ferry.forward;

public record SyncResult(String networkId, String networkName, int devices, int endpoints, String collectionTaskId,
    String snapshotId) {}
