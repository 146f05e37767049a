package dev.ferry.forward.store;

import java.util.Arrays;

/**
 * How a deployment's devices are reached. In-cluster types get a Ferry-run collector inside
 * Kubernetes; BYOS uses the user's own collector (option A) or reaches devices through a jump
 * server (option B).
 */
public enum DeploymentType {
  NETLAB_C9S("netlab-c9s", true),
  CLABERNETES("clabernetes", true),
  LABPP("labpp", false),
  BYOS("byos", false);

  private final String id;
  private final boolean inCluster;

  DeploymentType(String id, boolean inCluster) {
    this.id = id;
    this.inCluster = inCluster;
  }

  public String id() {
    return id;
  }

  public boolean inCluster() {
    return inCluster;
  }

  /**
   * BYOS relies on the collector the user runs; every other type gets a Ferry-registered collector.
   */
  public boolean ferryCollector() {
    return this != BYOS;
  }

  public static DeploymentType of(String id) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown deployment type '" + id + "'"));
  }

  public static boolean isKnown(String id) {
    return Arrays.stream(values()).anyMatch(t -> t.id.equals(id));
  }
}
