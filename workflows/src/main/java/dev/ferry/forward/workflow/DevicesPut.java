package dev.ferry.forward.workflow;

/**
 * What one run of {@link ForwardSyncActivities#putDevicesFrom} did: {@code devices} put, and the
 * batch the upload goes on from ({@code nextBatch} at or past the plan's last batch: it is done).
 */
public record DevicesPut(int devices, int nextBatch) {}
