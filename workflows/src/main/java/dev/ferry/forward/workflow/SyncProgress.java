package dev.ferry.forward.workflow;

/** Answer of the progress query: the current phase and how many devices Forward has so far. */
public record SyncProgress(String phase, int devicesDone, int devicesTotal) {}
