package dev.ferry.forward.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A profile's collector lifecycle, run on the worker so the API never calls Forward or Kubernetes
 * itself. Returns the collectors as they are afterwards (none after {@link
 * CollectorAction#DELETE}).
 */
@WorkflowInterface
public interface ForwardCollectorWorkflow {

  @WorkflowMethod
  List<CollectorStatus> run(CollectorAction action, String profileId, String ownerName);
}
