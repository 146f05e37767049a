package dev.ferry.forward.store;

/** A device as Forward will see it; credentials are per kind, in {@link DeploymentCredential}. */
public record DeploymentDevice(
    String name, String kind, String host, Integer port, boolean endpoint) {}
