package dev.ferry.forward;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface ForwardDestroyWorkflow {

  @WorkflowMethod
  DestroyResult destroy(DestroyRequest request);
}
