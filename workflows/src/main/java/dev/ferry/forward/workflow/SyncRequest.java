package dev.ferry.forward.workflow;

/**
 * What a sync run needs to know: a reference to the deployment (devices and passwords stay in
 * PostgreSQL and the secret store) plus the names that make the run findable. {@code
 * noWaitCollection} ends the run once the collection is started, without following it.
 */
public record SyncRequest(
    String deploymentId,
    String owner,
    String workspace,
    String deployment,
    String deploymentType,
    boolean noWaitCollection) {

  /** A sync that follows its collection to the end. */
  public SyncRequest(
      String deploymentId,
      String owner,
      String workspace,
      String deployment,
      String deploymentType) {
    this(deploymentId, owner, workspace, deployment, deploymentType, false);
  }

  public static String workflowId(String workspace, String deployment) {
    return "forward-sync/" + workspace + "/" + deployment;
  }
}
