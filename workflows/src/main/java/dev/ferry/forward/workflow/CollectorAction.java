package dev.ferry.forward.workflow;

/** What {@link ForwardCollectorWorkflow} does with a profile's collectors. */
public enum CollectorAction {
  /** Forward's view of each collector, plus its Kubernetes Deployment when it runs in-cluster. */
  STATUS,
  /** A new registration in Forward (new authorization key), re-applied to the cluster. */
  REREGISTER,
  /** Deletes the collectors in Forward and their Kubernetes objects, before the profile goes. */
  DELETE
}
