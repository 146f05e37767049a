package dev.ferry.forward.workflow;

/**
 * What a sync run needs to know: a reference to the deployment (devices and passwords stay in
 * PostgreSQL and the secret store) plus the names that make the run findable.
 */
public record SyncRequest(
    String deploymentId, String owner, String workspace, String deployment, String deploymentType) {

  public static String workflowId(String workspace, String deployment) {
    return "forward-sync/" + workspace + "/" + deployment;
  }
}
