package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.http.TlsTrust;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.stereotype.Component;

/**
 * Runs a collector inside the cluster by server-side apply of {@link CollectorManifests} (PATCH
 * with application/apply-patch+yaml, fieldManager=ferry): re-applying is a no-op, so every sync may
 * call it. Without a configured cluster and image it does nothing.
 */
@Component
public class InClusterCollector {

  private static final MediaType APPLY_PATCH = MediaType.get("application/apply-patch+yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ForwardProperties.Kubernetes kubernetes;
  private final OkHttpClient http;

  public InClusterCollector(ForwardProperties properties) {
    this.kubernetes = properties.kubernetes();
    this.http =
        TlsTrust.apply(
                new OkHttpClient.Builder().proxy(java.net.Proxy.NO_PROXY),
                true,
                kubernetes.caCertificate())
            .build();
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
      apply(manifest);
    }
  }

  private void apply(CollectorManifests.Manifest manifest) {
    HttpUrl url =
        HttpUrl.get(kubernetes.apiUrl().replaceAll("/+$", "") + manifest.path())
            .newBuilder()
            .addQueryParameter("fieldManager", "ferry")
            .addQueryParameter("force", "true")
            .build();
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .patch(RequestBody.create(write(manifest), APPLY_PATCH))
            .header("Accept", "application/json");
    if (kubernetes.token() != null && !kubernetes.token().isBlank()) {
      request.header("Authorization", "Bearer " + kubernetes.token());
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        String message =
            "Kubernetes apply "
                + manifest.path()
                + ": "
                + response.code()
                + " "
                + response.body().string();
        if (response.code() == 400
            || response.code() == 401
            || response.code() == 403
            || response.code() == 422) {
          throw ApplicationFailure.newNonRetryableFailure(message, "KubernetesRejected");
        }
        throw ApplicationFailure.newFailure(message, "KubernetesUnavailable");
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "Kubernetes apply " + manifest.path() + ": " + e, "KubernetesUnavailable");
    }
  }

  private static byte[] write(CollectorManifests.Manifest manifest) {
    try {
      return JSON.writeValueAsBytes(manifest.body()); // JSON is YAML, and apply-patch accepts it
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
