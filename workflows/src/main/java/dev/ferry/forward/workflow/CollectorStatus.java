package dev.ferry.forward.workflow;

/**
 * One collector Ferry registered for a profile: Forward's view ({@code inForward} false when
 * Forward no longer knows it) and, for an in-cluster collector, its Deployment's replica counts
 * ({@code deployment} null when none runs in the cluster). Never carries the authorization key.
 */
public record CollectorStatus(
    String name,
    String username,
    String forwardId,
    String scope,
    boolean inForward,
    boolean connected,
    String connectionStatus,
    String deployment,
    int replicas,
    int readyReplicas) {

  /** Whether the in-cluster Deployment has every replica ready (false when there is none). */
  public boolean deploymentReady() {
    return deployment != null && replicas > 0 && readyReplicas >= replicas;
  }
}
