package dev.ferry.forward.workflow;

import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;

@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardDestroyWorkflowImpl implements ForwardDestroyWorkflow {

  @Override
  public DestroyResult destroy(DestroyRequest request) {
    DestroyResult result = removeFromForward(request);
    if (Workflow.getVersion("ferry-bastion", Workflow.DEFAULT_VERSION, 1) == 1) {
      Workflow.newActivityStub(
              ForwardBastionActivities.class,
              ForwardActivityOptions.step("Release the Ferry bastion"))
          .releaseBastion(request.deploymentId());
    }
    return result;
  }

  private static DestroyResult removeFromForward(DestroyRequest request) {
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
