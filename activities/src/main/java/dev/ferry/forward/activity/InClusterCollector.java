package dev.ferry.forward.activity;

import org.springframework.stereotype.Component;

/**
 * Runs a collector inside the cluster by server-side apply of {@link CollectorManifests} through
 * {@link KubernetesApi}: re-applying is a no-op, so every sync may call it. Without a configured
 * cluster and image it does nothing.
 */
@Component
public class InClusterCollector {

  private final ForwardProperties.Kubernetes kubernetes;
  private final KubernetesApi cluster;

  public InClusterCollector(ForwardProperties properties, KubernetesApi cluster) {
    this.kubernetes = properties.kubernetes();
    this.cluster = cluster;
  }

  public boolean configured() {
    return kubernetes.configured();
  }

  public void deploy(
      String collectorName, String owner, String authorizationKey, String forwardBaseUrl) {
    if (!configured()) {
      return;
    }
    for (CollectorManifests.Manifest manifest :
        CollectorManifests.render(
            kubernetes.namespace(),
            collectorName,
            owner,
            authorizationKey,
            forwardBaseUrl,
            kubernetes.collectorImage())) {
      cluster.apply(manifest.path(), manifest.body());
    }
  }
}
