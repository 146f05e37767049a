package dev.ferry.forward.workflow;

import java.util.List;

/**
 * Answer of the progress query: the current phase, how many devices Forward has so far, and once
 * the collection is followed its task status and the devices Forward could not model.
 */
public record SyncProgress(
    String phase,
    int devicesDone,
    int devicesTotal,
    String collectionStatus,
    List<MissingDevice> missingDevices) {

  public SyncProgress(String phase, int devicesDone, int devicesTotal) {
    this(phase, devicesDone, devicesTotal, null, List.of());
  }
}
