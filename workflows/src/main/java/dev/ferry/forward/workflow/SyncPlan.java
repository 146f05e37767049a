package dev.ferry.forward.workflow;

/**
 * How the device upload is split: {@code deviceBatches} batches, at most {@code parallelBatches} at
 * a time.
 */
public record SyncPlan(
    int devicesTotal, int endpointsTotal, int deviceBatches, int parallelBatches) {}
