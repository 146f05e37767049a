package dev.ferry.fort.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeedPlannerTest {

  private static final long NOW = 1_800_000_000L;
  private static final ProviderPolicy POLICY =
      new ProviderPolicy(30 * 86400, 7200, 3600, true, true, true);
  private static final ServiceDeclaration WIKI =
      new ServiceDeclaration(
          "wiki",
          "wiki.example.test",
          3000,
          "public",
          "oidc",
          "oauth2-proxy-wiki.service",
          List.of());
  private static final ServiceDeclaration API =
      new ServiceDeclaration(
          "api", "api.example.test", 8080, "vpn", "token", "oauth2-proxy-api.service", List.of());

  @Test
  void aNewPublicOidcServiceNeedsAClientACertificateAndAProxy() {
    Map<String, List<NeedTask>> plan =
        NeedPlanner.plan(snapshot(List.of(host("web", WIKI)), List.of()), NOW);

    assertThat(plan.get("web"))
        .extracting(NeedTask::need, NeedTask::reason)
        .containsExactlyInAnyOrder(
            tuple(Need.OIDC, "new"), tuple(Need.TLS, "new"), tuple(Need.PROXY, "new"));
    assertThat(plan.get("web"))
        .filteredOn(t -> t.need() == Need.PROXY)
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.fingerprint())
                    .isEqualTo("https=wiki.example.test;upstream=10.0.0.1:3000"));
  }

  @Test
  void aFulfilledHostHasNothingToDo() {
    List<FulfilmentDigest> delivered =
        List.of(
            row("web", "wiki", "oidc", "client=wiki.example.test", null, null),
            row("web", "wiki", "tls", "dns=wiki.example.test", NOW + 60 * 86400, null),
            row(
                "web",
                "wiki",
                "proxy",
                "https=wiki.example.test;upstream=10.0.0.1:3000",
                null,
                null));

    assertThat(NeedPlanner.plan(snapshot(List.of(host("web", WIKI)), delivered), NOW)).isEmpty();
  }

  @Test
  void certificatesAreRenewedBeforeExpiryAndChangedInputsRedelivered() {
    List<FulfilmentDigest> delivered =
        List.of(
            row("web", "api", "tls", "dns=api.example.test", NOW + 29 * 86400, null),
            row("web", "wiki", "tls", "dns=old.example.test", NOW + 80 * 86400, null));
    ServiceDeclaration vpnWiki =
        new ServiceDeclaration("wiki", "wiki.example.test", 3000, "vpn", "none", "x", List.of());

    Map<String, List<NeedTask>> plan =
        NeedPlanner.plan(snapshot(List.of(host("web", API, vpnWiki)), delivered), NOW);

    assertThat(plan.get("web"))
        .extracting(NeedTask::serviceName, NeedTask::reason)
        .containsExactlyInAnyOrder(tuple("api", "expiring"), tuple("wiki", "changed"));
  }

  @Test
  void theBeaconsCertificateIsRenewedLikeTheHosts() {
    List<FulfilmentDigest> delivered =
        List.of(
            row("web", "wiki", "oidc", "client=wiki.example.test", null, null),
            row("web", "wiki", "tls", "dns=wiki.example.test", NOW + 60 * 86400, null),
            row(
                "web",
                "wiki",
                "proxy",
                "https=wiki.example.test;upstream=10.0.0.1:3000",
                NOW + 29 * 86400,
                null));

    assertThat(NeedPlanner.plan(snapshot(List.of(host("web", WIKI)), delivered), NOW).get("web"))
        .extracting(NeedTask::need, NeedTask::reason)
        .containsExactly(tuple(Need.PROXY, "expiring"));
  }

  @Test
  void anAgentCertificateIsRenewedBeforeExpiryAndNeverRevoked() {
    FulfilmentDigest fresh =
        row("web", "agent", "agent-tls", "dns=web.fort.example.test", NOW + 60 * 86400, null);
    FulfilmentDigest expiring =
        row("old", "agent", "agent-tls", "dns=old.fort.example.test", NOW + 29 * 86400, null);
    // a service called "agent" that left the manifest long ago is no reason to revoke
    FulfilmentDigest gone =
        row("gone", "agent", "agent-tls", "dns=gone.fort.example.test", NOW + 60 * 86400, 1L);

    Map<String, List<NeedTask>> plan =
        NeedPlanner.plan(
            snapshot(
                List.of(host("web"), host("old"), host("gone"), host("new")),
                List.of(fresh, expiring, gone)),
            NOW);

    assertThat(plan).containsOnlyKeys("old");
    assertThat(plan.get("old"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.need()).isEqualTo(Need.AGENT_TLS);
              assertThat(t.action()).isEqualTo(NeedTask.Action.ENSURE);
              assertThat(t.reason()).isEqualTo("expiring");
              assertThat(t.fingerprint()).isEqualTo("dns=old.fort.example.test");
            });
  }

  @Test
  void changedGroupsChangeTheOidcFingerprint() {
    ServiceDeclaration staffOnly =
        new ServiceDeclaration(
            "wiki", "wiki.example.test", 3000, "vpn", "oidc", "x", List.of("admins", "staff"));
    List<FulfilmentDigest> delivered =
        List.of(
            row("web", "wiki", "oidc", "client=wiki.example.test", null, null),
            row("web", "wiki", "tls", "dns=wiki.example.test", NOW + 60 * 86400, null));

    assertThat(
            NeedPlanner.plan(snapshot(List.of(host("web", staffOnly)), delivered), NOW).get("web"))
        .extracting(NeedTask::fingerprint, NeedTask::reason)
        .containsExactly(tuple("client=wiki.example.test;groups=admins,staff", "changed"));
  }

  @Test
  void rotationRequestsAreHonoured() {
    FulfilmentDigest oidc =
        new FulfilmentDigest("web", "wiki", "oidc", "client=wiki.example.test", null, null, true);
    List<FulfilmentDigest> delivered =
        List.of(
            oidc,
            row("web", "wiki", "tls", "dns=wiki.example.test", NOW + 60 * 86400, null),
            row(
                "web",
                "wiki",
                "proxy",
                "https=wiki.example.test;upstream=10.0.0.1:3000",
                null,
                null));

    assertThat(NeedPlanner.plan(snapshot(List.of(host("web", WIKI)), delivered), NOW).get("web"))
        .extracting(NeedTask::need, NeedTask::reason)
        .containsExactly(tuple(Need.OIDC, "rotation"));
  }

  @Test
  void goneServicesAreRevokedOnlyAfterTheGracePeriod() {
    List<FulfilmentDigest> recent =
        List.of(row("web", "wiki", "oidc", "client=wiki.example.test", null, NOW - 60));
    List<FulfilmentDigest> old =
        List.of(row("web", "wiki", "oidc", "client=wiki.example.test", null, NOW - 3600));

    assertThat(NeedPlanner.plan(snapshot(List.of(host("web")), recent), NOW)).isEmpty();
    assertThat(NeedPlanner.plan(snapshot(List.of(host("web")), old), NOW).get("web"))
        .extracting(NeedTask::need, NeedTask::action)
        .containsExactly(tuple(Need.OIDC, NeedTask.Action.REVOKE));
  }

  @Test
  void unreachableHostsAreNeitherFulfilledNorRevoked() {
    HostDigest down = new HostDigest("web", "10.0.0.1", false, "timeout", List.of(), null);
    List<FulfilmentDigest> old =
        List.of(row("web", "wiki", "oidc", "client=wiki.example.test", null, NOW - 86400));

    assertThat(NeedPlanner.plan(snapshot(List.of(down), old), NOW)).isEmpty();
  }

  @Test
  void gitTokensFollowTheManifestAndRotateBeforeExpiry() {
    HostDigest ci = new HostDigest("ci", "10.0.0.2", true, null, List.of(), "rw");
    List<FulfilmentDigest> expiring =
        List.of(row("ci", NeedPlanner.GIT_SERVICE, "git-token", "access=rw", NOW + 3600, null));

    assertThat(NeedPlanner.plan(snapshot(List.of(ci), List.of()), NOW).get("ci"))
        .extracting(NeedTask::need, NeedTask::reason)
        .containsExactly(tuple(Need.GIT_TOKEN, "new"));
    assertThat(NeedPlanner.plan(snapshot(List.of(ci), expiring), NOW).get("ci"))
        .extracting(NeedTask::need, NeedTask::reason)
        .containsExactly(tuple(Need.GIT_TOKEN, "expiring"));
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  private static HostDigest host(String name, ServiceDeclaration... services) {
    return new HostDigest(name, "10.0.0.1", true, null, List.of(services), null);
  }

  private static FulfilmentDigest row(
      String host, String service, String need, String fingerprint, Long expires, Long goneSince) {
    return new FulfilmentDigest(host, service, need, fingerprint, expires, goneSince, false);
  }

  private static ClusterSnapshot snapshot(
      List<HostDigest> hosts, List<FulfilmentDigest> delivered) {
    return new ClusterSnapshot("c", POLICY, hosts, delivered, List.of());
  }
}
