package dev.ferry.fort.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Fulfils one host's unmet needs; runs as {@code fort-host/<cluster>/<host>}. */
@WorkflowInterface
public interface FulfilHostWorkflow {

  static String workflowId(String cluster, String host) {
    return "fort-host/" + cluster + "/" + host;
  }

  @WorkflowMethod
  HostReport fulfil(HostWork work);
}
