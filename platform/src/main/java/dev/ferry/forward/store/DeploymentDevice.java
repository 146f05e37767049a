package dev.ferry.forward.store;

/**
 * A device as Forward will see it; credentials are per kind, in {@link DeploymentCredential}.
 * {@code forwardType} is the pipeline's override of the kind's type hint (checked against {@link
 * ForwardDeviceTypes}), or null.
 */
public record DeploymentDevice(
    String name, String kind, String host, Integer port, boolean endpoint, String forwardType) {

  public DeploymentDevice(String name, String kind, String host, Integer port, boolean endpoint) {
    this(name, kind, host, port, endpoint, null);
  }
}
