package dev.ferry.foreman.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** What the schedule runs: a connection test of every configuration that exists at that moment. */
@WorkflowInterface
public interface ForemanTestAllWorkflow {

  String SCHEDULE_ID = "foreman-test-all";

  record Summary(int tested, int ok, int failed) {}

  @WorkflowMethod(name = "ForemanTestAll")
  Summary testAll();
}
