package dev.ferry.api.fort;

import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * One Temporal Schedule per cluster: a reconcile cycle every interval, skipped while one is still
 * running.
 */
@Component
public class FortSchedules {

  private final ScheduleClient schedules;

  public FortSchedules(WorkflowClient client) {
    this.schedules =
        ScheduleClient.newInstance(
            client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setDataConverter(client.getOptions().getDataConverter())
                .build());
  }

  public void create(String cluster, int intervalSeconds) {
    WorkflowOptions cycle =
        WorkflowOptions.newBuilder()
            .setWorkflowId("fort-cycle/" + cluster)
            .setTaskQueue(FerryTaskQueues.MAIN)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder().set(FerrySearchAttributes.CLUSTER, cluster).build())
            .build();
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(ReconcileClusterWorkflow.class)
                    .setArguments(cluster)
                    .setOptions(cycle)
                    .build())
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setIntervals(
                        List.of(new ScheduleIntervalSpec(Duration.ofSeconds(intervalSeconds))))
                    .build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .build())
            .setState(
                ScheduleState.newBuilder().setNote("Fort reconcile cycle of " + cluster).build())
            .build();
    schedules.createSchedule(
        ReconcileClusterWorkflow.scheduleId(cluster),
        schedule,
        ScheduleOptions.newBuilder().build());
  }

  public ScheduleDescription describe(String cluster) {
    return handle(cluster).describe();
  }

  public void pause(String cluster, String note) {
    handle(cluster).pause(note);
  }

  public void resume(String cluster, String note) {
    handle(cluster).unpause(note);
  }

  public void trigger(String cluster) {
    handle(cluster).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
  }

  public void delete(String cluster) {
    try {
      handle(cluster).delete();
    } catch (io.temporal.client.schedules.ScheduleException | io.grpc.StatusRuntimeException e) {
      // already gone: deleting a cluster must not depend on it
    }
  }

  private ScheduleHandle handle(String cluster) {
    return schedules.getHandle(ReconcileClusterWorkflow.scheduleId(cluster));
  }
}
