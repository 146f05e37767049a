package dev.ferry.fort.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One reconcile cycle of a cluster; started by the cluster's schedule or on demand. */
@WorkflowInterface
public interface ReconcileClusterWorkflow {

  static String scheduleId(String cluster) {
    return "fort-reconcile/" + cluster;
  }

  @WorkflowMethod
  CycleReport reconcile(String cluster);
}
