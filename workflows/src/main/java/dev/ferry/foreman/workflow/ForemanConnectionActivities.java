package dev.ferry.foreman.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.UUID;

@ActivityInterface
public interface ForemanConnectionActivities {

  /**
   * Calls Foreman with the configuration's stored credential; every outcome is a result, not a
   * failure.
   */
  ConnectionTestResult testConnection(UUID configId);

  /**
   * Stores the result under {@code testId} (once) and keeps only the newest few per configuration.
   */
  void recordTestResult(String testId, UUID configId, ConnectionTestResult result);

  List<UUID> listConfigIds();
}
