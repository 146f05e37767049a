package dev.ferry.fort.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cycle and host-run logic with fake activities (the real ones are exercised in the worker's
 * tests).
 */
class ReconcileClusterWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension ENV =
      TestWorkflowExtension.newBuilder()
          .registerSearchAttribute("FerryCluster", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("FerryHost", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute(
              "FerryUnreachableHosts", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST)
          .registerSearchAttribute(
              "FerryRefusedHosts", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST)
          .setWorkflowTypes(ReconcileClusterWorkflowImpl.class, FulfilHostWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final ProviderPolicy POLICY = new ProviderPolicy(86400, 7200, 0, true, true, true);
  private static final ServiceDeclaration WIKI =
      new ServiceDeclaration(
          "wiki", "wiki.t", 80, "public", "oidc", "oauth2-proxy-wiki.service", List.of());

  /** Records every call as "host need action"; fails OIDC on hosts named bad*. */
  static final class Fakes implements ForgeActivities, BeaconActivities, FortInventoryActivities {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final ClusterSnapshot snapshot;

    Fakes(ClusterSnapshot snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public ClusterSnapshot readCluster(String cluster) {
      return snapshot;
    }

    @Override
    public void recordFailure(
        String cluster, String host, String service, String action, String message) {
      failures.add(host + " " + action + ": " + message);
    }

    private TaskOutcome record(HostWork w, NeedTask t) {
      calls.add(
          w.host()
              + " "
              + t.serviceName()
              + " "
              + t.need().id()
              + " "
              + t.action().name().toLowerCase());
      return new TaskOutcome(t.serviceName(), t.need().id(), t.action().name(), "delivered", "");
    }

    @Override
    public TaskOutcome ensureOidcClient(HostWork w, NeedTask t) {
      if (w.host().startsWith("bad")) {
        throw ApplicationFailure.newNonRetryableFailure(
            "pocket-id answered 401", "ProviderCredentialsRejected");
      }
      return record(w, t);
    }

    @Override
    public TaskOutcome ensureCertificate(HostWork w, NeedTask t) {
      return record(w, t);
    }

    @Override
    public TaskOutcome ensureGitToken(HostWork w, NeedTask t) {
      return record(w, t);
    }

    @Override
    public TaskOutcome ensureAgentCertificate(HostWork w, NeedTask t) {
      return record(w, t);
    }

    @Override
    public TaskOutcome revoke(HostWork w, NeedTask t) {
      return record(w, t);
    }

    @Override
    public TaskOutcome ensureProxy(HostWork w, NeedTask t) {
      return record(w, t);
    }

    @Override
    public TaskOutcome removeProxy(HostWork w, NeedTask t) {
      return record(w, t);
    }
  }

  @Test
  void onlyHostsWithUnmetNeedsGetARunAndOneFailureBlocksNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    List<FulfilmentDigest> delivered =
        List.of(
            new FulfilmentDigest("done", "wiki", "oidc", "client=wiki.t", null, null, false),
            new FulfilmentDigest(
                "done", "wiki", "tls", "dns=wiki.t", Long.MAX_VALUE / 2, null, false),
            new FulfilmentDigest(
                "done", "wiki", "proxy", "https=wiki.t;upstream=10.0.0.1:80", null, null, false),
            // "old" dropped its service long ago: revoke, proxy entry first
            new FulfilmentDigest("old", "blog", "oidc", "client=blog.t", null, 1L, false),
            new FulfilmentDigest(
                "old", "blog", "proxy", "https=blog.t;upstream=10.0.0.1:80", null, 1L, false));
    Fakes fakes =
        new Fakes(
            new ClusterSnapshot(
                "c",
                POLICY,
                List.of(
                    host("done", WIKI),
                    host("new", WIKI),
                    host("bad", WIKI),
                    host("old"),
                    new HostDigest("down", "10.0.0.9", false, "timeout", List.of(), null),
                    // its hostile declaration was refused by the read: only the valid one is here
                    host("mixed")),
                delivered,
                List.of("mixed")));
    worker.registerActivitiesImplementations(fakes);
    env.start();

    CycleReport report =
        client
            .newWorkflowStub(
                ReconcileClusterWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(worker.getTaskQueue())
                    .setWorkflowExecutionTimeout(java.time.Duration.ofMinutes(5))
                    .build())
            .reconcile("c");

    assertThat(report.unreachableHosts()).containsExactly("down");
    assertThat(report.refusedHosts()).containsExactly("mixed");
    assertThat(report.fulfilledHosts()).containsExactly("new", "bad", "old");
    assertThat(report.failedHosts()).containsExactly("bad");
    assertThat(report.tasks()).isEqualTo(3 + 3 + 2);
    assertThat(fakes.calls)
        .filteredOn(c -> c.startsWith("new "))
        .containsExactly("new wiki oidc ensure", "new wiki tls ensure", "new wiki proxy ensure");
    assertThat(fakes.calls)
        .filteredOn(c -> c.startsWith("bad "))
        .containsExactly("bad wiki tls ensure", "bad wiki proxy ensure");
    assertThat(fakes.calls)
        .filteredOn(c -> c.startsWith("old "))
        .containsExactly("old blog proxy revoke", "old blog oidc revoke");
    assertThat(fakes.failures)
        .singleElement()
        .asString()
        .contains("bad ensure oidc: pocket-id answered 401");
    assertThat(fakes.calls).noneMatch(c -> c.startsWith("done ") || c.startsWith("down "));
  }

  private static HostDigest host(String name, ServiceDeclaration... services) {
    return new HostDigest(name, "10.0.0.1", true, null, List.of(services), null);
  }
}
