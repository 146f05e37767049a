package dev.ferry.forward.workflow;

/**
 * How the device upload is split: {@code deviceBatches} batches, at most {@code parallelBatches} at
 * a time; and how the collection is followed: first poll after {@code collectionPollMillis}, the
 * interval doubling up to eight times that, for at most {@code collectionTimeoutMillis}.
 */
public record SyncPlan(
    int devicesTotal,
    int endpointsTotal,
    int deviceBatches,
    int parallelBatches,
    long collectionPollMillis,
    long collectionTimeoutMillis) {}
