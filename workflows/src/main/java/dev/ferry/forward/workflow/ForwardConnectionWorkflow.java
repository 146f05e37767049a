package dev.ferry.forward.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Checks a profile against Forward; every failure mode is a typed outcome, not a workflow failure.
 */
@WorkflowInterface
public interface ForwardConnectionWorkflow {

  @WorkflowMethod
  ConnectionOutcome test(String profileId);
}
