package dev.ferry.forward.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface ForwardDestroyWorkflow {

  @WorkflowMethod
  DestroyResult destroy(DestroyRequest request);
}
