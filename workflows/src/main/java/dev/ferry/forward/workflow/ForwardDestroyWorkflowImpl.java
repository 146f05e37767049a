package dev.ferry.forward.workflow;

import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardDestroyWorkflowImpl implements ForwardDestroyWorkflow {

  @Override
  public DestroyResult destroy(DestroyRequest request) {
    if (request.deleteNetwork()) {
      boolean deleted =
          Workflow.newActivityStub(
                  ForwardDestroyActivities.class,
                  ForwardActivityOptions.step("Delete Forward network"))
              .deleteNetwork(request.deploymentId());
      return new DestroyResult(deleted, 0);
    }
    int removed =
        Workflow.newActivityStub(
                ForwardDestroyActivities.class,
                ForwardActivityOptions.step("Remove devices and endpoints"))
            .removeDevices(request.deploymentId());
    return new DestroyResult(false, removed);
  }
}
