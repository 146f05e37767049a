package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.HttpClients;
import dev.ferry.remote.RemoteTarget;
import dev.ferry.remote.TlsTrust;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.stereotype.Component;

/**
 * Runs a collector inside the cluster by server-side apply of {@link CollectorManifests} (PATCH
 * with application/apply-patch+yaml, fieldManager=ferry): re-applying is a no-op, so every sync may
 * call it. Without a configured cluster and image it does nothing. Failures are {@link
 * dev.ferry.remote.RemoteException}s for the calling step to report.
 */
@Component
public class InClusterCollector {

  private static final MediaType APPLY_PATCH = MediaType.get("application/apply-patch+yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ForwardProperties.Kubernetes kubernetes;
  private final RemoteTarget cluster;

  public InClusterCollector(ForwardProperties properties) {
    this.kubernetes = properties.kubernetes();
    this.cluster =
        kubernetes.configured()
            ? new RemoteTarget(
                "Kubernetes",
                kubernetes.apiUrl(),
                Auth.bearer(kubernetes.token()),
                HttpClients.forTarget(
                    kubernetes.timeouts(),
                    TlsTrust.of(!kubernetes.skipTlsVerify(), kubernetes.caCertificate())),
                FailureTypes.split("KubernetesUnavailable", "KubernetesRejected"))
            : null;
  }

  public boolean configured() {
    return cluster != null;
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
      apply(manifest);
    }
  }

  private void apply(CollectorManifests.Manifest manifest) {
    HttpUrl url =
        cluster
            .url()
            .addPathSegments(manifest.path().replaceFirst("^/+", ""))
            .addQueryParameter("fieldManager", "ferry")
            .addQueryParameter("force", "true")
            .build();
    cluster.send(
        new Request.Builder().url(url).patch(RequestBody.create(write(manifest), APPLY_PATCH)));
  }

  private static byte[] write(CollectorManifests.Manifest manifest) {
    try {
      return JSON.writeValueAsBytes(manifest.body()); // JSON is YAML, and apply-patch accepts it
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
