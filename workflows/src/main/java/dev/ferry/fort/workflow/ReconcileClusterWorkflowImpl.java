package dev.ferry.fort.workflow;

import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read every manifest (one activity), plan in workflow code, and start a fulfilment run only for
 * hosts that need one. A cluster with nothing to change costs one activity and no child runs; the
 * activity's answer holds only the hosts with work (bounded per cycle), so its size does not grow
 * with the cluster.
 */
@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ReconcileClusterWorkflowImpl implements ReconcileClusterWorkflow {

  private final FortInventoryActivities inventory =
      Workflow.newActivityStub(
          FortInventoryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public CycleReport reconcile(String cluster) {
    ClusterSnapshot snapshot = inventory.readCluster(cluster);
    List<String> unreachable = snapshot.unreachableHosts();
    Workflow.upsertTypedSearchAttributes(
        FerrySearchAttributes.CLUSTER.valueSet(cluster),
        FerrySearchAttributes.UNREACHABLE_HOSTS.valueSet(unreachable),
        FerrySearchAttributes.REFUSED_HOSTS.valueSet(snapshot.refusedHosts()));

    Map<String, List<NeedTask>> plan =
        NeedPlanner.plan(snapshot, Workflow.currentTimeMillis() / 1000);
    Map<String, HostDigest> hosts = new LinkedHashMap<>();
    snapshot.hosts().forEach(h -> hosts.put(h.host(), h));
    Map<String, Promise<HostReport>> runs = new LinkedHashMap<>();
    plan.forEach(
        (host, tasks) -> {
          HostDigest digest = hosts.get(host);
          FulfilHostWorkflow child =
              Workflow.newChildWorkflowStub(
                  FulfilHostWorkflow.class,
                  ChildWorkflowOptions.newBuilder()
                      .setWorkflowId(FulfilHostWorkflow.workflowId(cluster, host))
                      .setWorkflowIdReusePolicy(
                          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                      .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                      .setTypedSearchAttributes(
                          SearchAttributes.newBuilder()
                              .set(FerrySearchAttributes.CLUSTER, cluster)
                              .set(FerrySearchAttributes.HOST, host)
                              .build())
                      .build());
          runs.put(
              host,
              Async.function(
                  child::fulfil,
                  new HostWork(cluster, host, digest.address(), digest.gitTokenAccess(), tasks)));
        });

    List<String> failed = new ArrayList<>();
    runs.forEach(
        (host, run) -> {
          try {
            if (run.get().failed()) {
              failed.add(host);
            }
          } catch (ChildWorkflowFailure e) {
            failed.add(host); // e.g. a run for this host is still going from an on-demand start
          }
        });
    int taskCount = plan.values().stream().mapToInt(List::size).sum();
    return new CycleReport(
        cluster,
        snapshot.hostCount(),
        unreachable,
        snapshot.refusedHosts(),
        List.copyOf(plan.keySet()),
        failed,
        taskCount);
  }
}
