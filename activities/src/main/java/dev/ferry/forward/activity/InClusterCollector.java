package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
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

  /** The collector's Deployment as the cluster has it, when a cluster is configured and has one. */
  public Optional<JsonNode> deployment(String collectorName) {
    if (!configured()) {
      return Optional.empty();
    }
    return cluster.get(objectPaths(collectorName).get(2));
  }

  /** Deletes the collector's Deployment, volume claim and Secret; ones already gone count. */
  public void remove(String collectorName) {
    if (!configured()) {
      return;
    }
    objectPaths(collectorName).reversed().forEach(cluster::delete);
  }

  private List<String> objectPaths(String collectorName) {
    return CollectorManifests.objectPaths(kubernetes.namespace(), collectorName);
  }
}
