package dev.ferry.forward.workflow;

/**
 * What one run of {@link ForwardSyncActivities#putDeviceLane} did: {@code devices} put, and the
 * batch the lane goes on from ({@code nextBatch} at or past the plan's last batch: the lane is
 * done).
 */
public record DevicesPut(int devices, int nextBatch) {}
