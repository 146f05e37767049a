package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.HttpClients;
import dev.ferry.remote.RemoteTarget;
import dev.ferry.remote.TlsTrust;
import java.io.IOException;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.stereotype.Component;

/**
 * Ferry's way into the configured Kubernetes cluster: server-side apply of an object at its full
 * API path ({@code PATCH} with {@code application/apply-patch+yaml}, {@code fieldManager=ferry},
 * {@code force=true}, so Ferry keeps the fields it sets and leaves others' alone), read, and
 * delete. Failures are {@link dev.ferry.remote.RemoteException}s for the calling step to report.
 */
@Component
public class KubernetesApi {

  static final String FIELD_MANAGER = "ferry";
  private static final MediaType APPLY_PATCH = MediaType.get("application/apply-patch+yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ForwardProperties.Kubernetes kubernetes;
  private final RemoteTarget cluster;

  public KubernetesApi(ForwardProperties properties) {
    this.kubernetes = properties.kubernetes();
    this.cluster =
        kubernetes.apiUrl() == null || kubernetes.apiUrl().isBlank()
            ? null
            : new RemoteTarget(
                "Kubernetes",
                kubernetes.apiUrl(),
                Auth.bearer(kubernetes.token()),
                HttpClients.forTarget(
                    kubernetes.timeouts(),
                    TlsTrust.of(!kubernetes.skipTlsVerify(), kubernetes.caCertificate())),
                FailureTypes.split("KubernetesUnavailable", "KubernetesRejected"));
  }

  /** Whether a cluster is configured at all. */
  public boolean configured() {
    return cluster != null;
  }

  /** The namespace Ferry's own objects live in. */
  public String namespace() {
    return kubernetes.namespace();
  }

  /** Applies {@code body} at {@code path}; returns the object as the cluster now has it. */
  public JsonNode apply(String path, ObjectNode body) {
    HttpUrl url =
        url(path)
            .addQueryParameter("fieldManager", FIELD_MANAGER)
            .addQueryParameter("force", "true")
            .build();
    return cluster.json(
        cluster.send(
            new Request.Builder().url(url).patch(RequestBody.create(write(body), APPLY_PATCH))),
        url);
  }

  public Optional<JsonNode> get(String path) {
    return cluster.jsonIfFound("GET", url(path).build(), null);
  }

  /** Deletes the object at {@code path}; one already gone counts as deleted. */
  public void delete(String path) {
    cluster.jsonIfFound("DELETE", url(path).build(), null);
  }

  private HttpUrl.Builder url(String path) {
    return cluster.url().addPathSegments(path.replaceFirst("^/+", ""));
  }

  private static byte[] write(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body); // JSON is YAML, and apply-patch accepts it
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
