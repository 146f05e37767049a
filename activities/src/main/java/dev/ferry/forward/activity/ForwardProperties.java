package dev.ferry.forward.activity;

import dev.ferry.remote.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ferry.forward.*}: batch sizing, HTTP timeouts (Forward's and the cluster's), device-type
 * hints layered over the built-in map, collector scope ("user" or "workspace"), the optional
 * Kubernetes cluster for in-cluster collectors, how a collection is followed and the SNMP
 * placeholder.
 */
@ConfigurationProperties("ferry.forward")
public record ForwardProperties(
    @DefaultValue("500") int batchSize,
    @DefaultValue("4") int parallelBatches,
    @DefaultValue("60s") Duration requestTimeout,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("user") String collectorScope,
    Map<String, String> deviceTypes,
    Kubernetes kubernetes,
    @DefaultValue("5s") Duration collectionPollInterval,
    @DefaultValue("2h") Duration collectionTimeout,
    Snmp snmp) {

  @ConstructorBinding
  public ForwardProperties {}

  /** Without the collection and SNMP settings: their defaults. */
  public ForwardProperties(
      int batchSize,
      int parallelBatches,
      Duration requestTimeout,
      Duration connectTimeout,
      String collectorScope,
      Map<String, String> deviceTypes,
      Kubernetes kubernetes) {
    this(
        batchSize,
        parallelBatches,
        requestTimeout,
        connectTimeout,
        collectorScope,
        deviceTypes,
        kubernetes,
        Duration.ofSeconds(5),
        Duration.ofHours(2),
        null);
  }

  /**
   * The SNMP placeholder credential (forward-api.md §3.6): with {@code placeholder} on, each
   * network gets one V2C credential and the classic devices whose kind needs SNMP collection
   * reference it with {@code enableSnmpCollection}. {@code kinds} empty means every kind Ferry
   * knows a Forward type for.
   */
  public record Snmp(@DefaultValue("true") boolean placeholder, List<String> kinds) {

    public List<String> kinds() {
      return kinds == null ? List.of() : kinds;
    }
  }

  public Snmp snmp() {
    return snmp == null ? new Snmp(true, List.of()) : snmp;
  }

  public Duration collectionPollInterval() {
    return collectionPollInterval == null ? Duration.ofSeconds(5) : collectionPollInterval;
  }

  public Duration collectionTimeout() {
    return collectionTimeout == null ? Duration.ofHours(2) : collectionTimeout;
  }

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
