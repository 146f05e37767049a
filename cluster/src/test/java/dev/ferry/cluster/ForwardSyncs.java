package dev.ferry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Forward syncs through a cluster's API against its Forward sandbox: the work the fault tests
 * interrupt. Devices are named {@code <deployment>-dNNNNN}, so the device set a run must leave in
 * Forward is known exactly.
 */
final class ForwardSyncs {

  private final Cluster cluster;

  ForwardSyncs(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The admin's default Forward profile for the sandbox, created once. */
  void ensureProfile() throws Exception {
    Http.Resp created =
        cluster
            .api(0)
            .post(
                "/api/forward/profiles",
                Map.of(
                    "name", "cluster-sandbox",
                    "baseUrl", "http://127.0.0.1:" + cluster.forwardPort,
                    "username", "demo-key",
                    "password", "demo-secret",
                    "isDefault", true));
    assertThat(created.status()).as(created.body()).isIn(200, 201, 409);
  }

  /** Starts (through the given API instance) a sync of {@code devices} devices; the run's id. */
  String start(int api, String deployment, int devices) throws Exception {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String name : expectedDevices(deployment, devices)) {
      list.add(Map.of("name", name, "kind", "eos", "host", name + ".lab.svc.cluster.local"));
    }
    Http.Resp started =
        cluster
            .api(api)
            .post(
                "/api/forward/deployments/sync",
                Map.of(
                    "workspace",
                    "cluster",
                    "deployment",
                    deployment,
                    "deploymentType",
                    "netlab-c9s",
                    "devices",
                    list));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    return started.json().get("workflowId").asText();
  }

  /** The names of the devices Forward holds for the deployment, read from the sandbox. */
  Set<String> devicesInForward(String deployment) throws Exception {
    Http.Resp status = cluster.api(0).get("/api/forward/deployments/cluster/" + deployment);
    assertThat(status.status()).as(status.body()).isEqualTo(200);
    String network = status.json().get("networkId").asText();
    JsonNode devices =
        cluster.forwardSandbox().get("/api/networks/" + network + "/classic-devices").json();
    Set<String> names = new TreeSet<>();
    devices.get("devices").forEach(d -> names.add(d.get("name").asText()));
    assertThat(names).as("no device twice").hasSize(devices.get("devices").size());
    return names;
  }

  static Set<String> expectedDevices(String deployment, int devices) {
    Set<String> names = new TreeSet<>();
    IntStream.range(0, devices).forEach(i -> names.add(String.format("%s-d%05d", deployment, i)));
    return names;
  }

  /** Every Forward request answers this much later (0: as fast as it can). */
  void forwardLatency(int millis) throws Exception {
    Http.Resp set = cluster.forwardSandbox().post("/__sandbox/faults", Map.of("latencyMs", millis));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
  }
}
