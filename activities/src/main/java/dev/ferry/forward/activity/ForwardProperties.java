package dev.ferry.forward.activity;

import dev.ferry.remote.Timeouts;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ferry.forward.*}: batch sizing, HTTP timeouts (Forward's and the cluster's), device-type
 * hints layered over the built-in map, collector scope ("user" or "workspace") and the optional
 * Kubernetes cluster for in-cluster collectors.
 */
@ConfigurationProperties("ferry.forward")
public record ForwardProperties(
    @DefaultValue("500") int batchSize,
    @DefaultValue("4") int parallelBatches,
    @DefaultValue("60s") Duration requestTimeout,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("user") String collectorScope,
    Map<String, String> deviceTypes,
    Kubernetes kubernetes) {

  /** No {@code apiUrl} means no cluster: collectors are registered in Forward but not deployed. */
  public record Kubernetes(
      String apiUrl,
      String token,
      @DefaultValue("ferry") String namespace,
      String collectorImage,
      String caCertificate,
      @DefaultValue("false") boolean skipTlsVerify,
      @DefaultValue("10s") Duration connectTimeout,
      @DefaultValue("10s") Duration requestTimeout) {

    public Timeouts timeouts() {
      return Timeouts.perRequest(connectTimeout, requestTimeout);
    }

    public boolean configured() {
      return apiUrl != null
          && !apiUrl.isBlank()
          && collectorImage != null
          && !collectorImage.isBlank();
    }
  }

  /** Forward's API. */
  public Timeouts timeouts() {
    return Timeouts.perRequest(connectTimeout, requestTimeout);
  }

  public Map<String, String> deviceTypes() {
    return deviceTypes == null ? Map.of() : deviceTypes;
  }

  public Kubernetes kubernetes() {
    return kubernetes == null
        ? new Kubernetes(
            null, null, "ferry", null, null, false, Duration.ofSeconds(10), Duration.ofSeconds(10))
        : kubernetes;
  }
}
