package dev.ferry.foreman.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.UUID;

/** Tests one Foreman configuration and records the outcome. */
@WorkflowInterface
public interface ForemanConnectionTestWorkflow {

  String ID_PREFIX = "foreman-test/";

  @WorkflowMethod(name = "ForemanConnectionTest")
  ConnectionTestResult test(UUID configId);
}
