package dev.ferry.foreman.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Takes a snapshot of a Foreman instance's hosts and hypervisors. */
@WorkflowInterface
public interface ForemanInventoryWorkflow {

  String ID_PREFIX = "foreman-inventory/";

  @WorkflowMethod(name = "ForemanInventory")
  InventorySummary collect(InventoryRequest request);
}
