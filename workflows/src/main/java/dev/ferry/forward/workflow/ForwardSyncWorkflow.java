package dev.ferry.forward.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Brings a deployment into Forward: collector, network, binding, credentials, devices, endpoints,
 * collection.
 */
@WorkflowInterface
public interface ForwardSyncWorkflow {

  @WorkflowMethod
  SyncResult sync(SyncRequest request);

  @QueryMethod
  SyncProgress progress();
}
