package dev.ferry.forward.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;

@ActivityInterface
public interface ForwardCollectorActivities {

  List<CollectorStatus> status(String profileId);

  /** {@code ownerName} labels the in-cluster objects, as a sync does. */
  List<CollectorStatus> reregister(String profileId, String ownerName);

  /** Deletes the profile's collectors in Forward and the cluster; returns how many went. */
  int delete(String profileId);
}
