package dev.ferry.forward.workflow;

/** Remove the deployment's devices from Forward, or (deleteNetwork) the whole Forward network. */
public record DestroyRequest(
    String deploymentId,
    String owner,
    String workspace,
    String deployment,
    String deploymentType,
    boolean deleteNetwork) {

  public static String workflowId(String workspace, String deployment) {
    return "forward-destroy/" + workspace + "/" + deployment;
  }
}
