package dev.ferry.api.fort;

import dev.ferry.api.schedule.Schedules;
import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One Temporal Schedule per cluster: a reconcile cycle every interval. Its id is {@link
 * ReconcileClusterWorkflow#scheduleId}; pause, resume, trigger and describe go through {@link
 * Schedules}.
 */
@Component
public class FortSchedules {

  private final Schedules schedules;

  public FortSchedules(Schedules schedules) {
    this.schedules = schedules;
  }

  public void create(String cluster, int intervalSeconds) {
    ScheduleActionStartWorkflow cycle =
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ReconcileClusterWorkflow.class)
            .setArguments(cluster)
            .setOptions(
                WorkflowOptions.newBuilder()
                    .setWorkflowId("fort-cycle/" + cluster)
                    .setTaskQueue(FerryTaskQueues.MAIN)
                    .setTypedSearchAttributes(
                        SearchAttributes.newBuilder()
                            .set(FerrySearchAttributes.CLUSTER, cluster)
                            .build())
                    .build())
            .build();
    schedules.create(
        ReconcileClusterWorkflow.scheduleId(cluster),
        Schedules.every(
            Duration.ofSeconds(intervalSeconds), cycle, "Fort reconcile cycle of " + cluster));
  }

  /** Stops the cluster's cycles; a schedule that is already gone is fine. */
  public void delete(String cluster) {
    schedules.delete(ReconcileClusterWorkflow.scheduleId(cluster));
  }
}
