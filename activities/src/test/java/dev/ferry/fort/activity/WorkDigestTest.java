package dev.ferry.fort.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.fort.workflow.ClusterSnapshot;
import dev.ferry.fort.workflow.FulfilmentDigest;
import dev.ferry.fort.workflow.HostDigest;
import dev.ferry.fort.workflow.ProviderPolicy;
import dev.ferry.fort.workflow.ServiceDeclaration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkDigestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1_800_000_000L;
  private static final ProviderPolicy POLICY =
      new ProviderPolicy(30 * 86400, 7200, 3600, true, true, true);

  @Test
  void aSteadyClusterOfTenThousandHostsIsCarriedAsCountsOnly() throws Exception {
    ClusterSnapshot full = cluster(10_000, 3, 0);
    assertThat(JSON.writeValueAsBytes(full).length)
        .as("the undigested snapshot is past Temporal's 2 MB payload limit")
        .isGreaterThan(2 * 1024 * 1024);

    ClusterSnapshot digest = WorkDigest.of(full, NOW);

    assertThat(digest.hosts())
        .extracting(HostDigest::host)
        .containsExactly("h00000", "h00001", "h00002");
    assertThat(digest.fulfilments())
        .allSatisfy(f -> assertThat(f.host()).isIn("h00000", "h00001", "h00002"));
    assertThat(digest.hostCount()).isEqualTo(10_000);
    assertThat(digest.deferredHosts()).isZero();
    assertThat(JSON.writeValueAsBytes(digest).length).isLessThan(10_000);
  }

  @Test
  void workBeyondOneCycleIsDeferredAndUnreachableHostsAreCounted() throws Exception {
    ClusterSnapshot digest = WorkDigest.of(cluster(10_000, 10_000, 0), NOW);
    assertThat(digest.hosts()).hasSize(WorkDigest.MAX_HOSTS);
    assertThat(digest.deferredHosts()).isEqualTo(10_000 - WorkDigest.MAX_HOSTS);
    assertThat(JSON.writeValueAsBytes(digest).length).isLessThan(WorkDigest.MAX_BYTES + 20_000);

    ClusterSnapshot down = WorkDigest.of(cluster(10_000, 0, 10_000), NOW);
    assertThat(down.hosts()).isEmpty();
    assertThat(down.unreachableCount()).isEqualTo(10_000);
    assertThat(down.unreachableHosts()).hasSize(ClusterSnapshot.LISTED_HOSTS);
    assertThat(JSON.writeValueAsBytes(down).length).isLessThan(10_000);
  }

  /**
   * {@code hosts} hosts, each declaring one VPN service whose certificate is delivered; the first
   * {@code changed} declare a second one (work), the first {@code unreachable} did not answer.
   */
  private static ClusterSnapshot cluster(int hosts, int changed, int unreachable) {
    List<HostDigest> digests = new ArrayList<>();
    List<FulfilmentDigest> rows = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      String name = "h%05d".formatted(i);
      if (i < unreachable) {
        digests.add(
            new HostDigest(
                name, "10.0.0.1", false, "manifest read failed: timeout", List.of(), null));
        continue;
      }
      List<ServiceDeclaration> services = new ArrayList<>();
      services.add(service("app", name));
      if (i < changed) {
        services.add(service("wiki", name));
      }
      digests.add(
          new HostDigest(
              name, "10.0.%d.%d".formatted(i / 250, i % 250), true, null, services, null));
      rows.add(
          new FulfilmentDigest(
              name,
              "app",
              "tls",
              "dns=app-" + name + ".bench.test",
              NOW + 80 * 86400,
              null,
              false));
    }
    return new ClusterSnapshot("bench", POLICY, digests, rows, List.of());
  }

  private static ServiceDeclaration service(String name, String host) {
    return new ServiceDeclaration(
        name, name + "-" + host + ".bench.test", 8080, "vpn", "none", "x.service", List.of());
  }
}
