package dev.ferry.foreman.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.workflow.ForemanInventoryActivities;
import dev.ferry.foreman.workflow.InventoryRequest;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import dev.ferry.testing.Blackhole;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory activities against the sandbox and a real PostgreSQL: what lands in the snapshot.
 */
class ForemanInventoryActivitiesTest {

  private static ForemanSandbox foreman;
  private static ForemanStore store;
  private TestActivityEnvironment env;
  private ForemanInventoryActivities activities;
  private final List<Integer> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    foreman = new ForemanSandbox(730).user(ForemanUser.admin("admin", "pat-inv")).start(0);
    store = new ForemanStore();
  }

  @AfterAll
  static void stop() {
    foreman.close();
  }

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new ForemanInventoryActivitiesImpl(
            new ForemanClients(store.secrets),
            store.configs,
            store.snapshots,
            new ForemanProperties(100, 4, 5, 2)));
    env.setActivityHeartbeatListener(Integer.class, heartbeats::add);
    activities =
        env.newActivityStub(
            ForemanInventoryActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void snapshotHoldsEveryHostAndTheHypervisorsAndBecomesVisibleOnlyWhenPublished() {
    ForemanConfig config =
        store.config("inv-" + UUID.randomUUID(), foreman.baseUrl(), "admin", "pat-inv");
    UUID snapshotId = UUID.randomUUID();

    ForemanInventoryActivities.HostsCollected hosts =
        activities.collectHosts(new InventoryRequest(config.id(), ""), snapshotId);
    ForemanInventoryActivities.HypervisorsCollected hypervisors =
        activities.collectHypervisors(config.id(), snapshotId);
    assertThat(store.snapshots.newest(config.id(), "")).isEmpty();
    activities.publishSnapshot(snapshotId, hypervisors.foremanVersion());

    assertThat(hosts.hostCount()).isEqualTo(730);
    assertThat(hosts.pages()).isEqualTo(8);
    assertThat(heartbeats).isNotEmpty(); // the test environment throttles them like the server does
    ForemanSnapshotRepository.Snapshot snapshot =
        store.snapshots.newest(config.id(), "").orElseThrow();
    assertThat(snapshot.hostCount()).isEqualTo(730);
    assertThat(snapshot.foremanVersion()).isEqualTo(ForemanSandbox.VERSION);

    List<ForemanSnapshotRepository.Hypervisor> found = store.snapshots.hypervisors(snapshotId);
    List<ForemanSnapshotRepository.Hypervisor> managers =
        found.stream().filter(h -> h.kind().equals("compute_resource")).toList();
    List<ForemanSnapshotRepository.Hypervisor> bareMetal =
        found.stream().filter(h -> h.kind().equals("bare_metal")).toList();
    assertThat(managers).isNotEmpty().allSatisfy(m -> assertThat(m.provider()).isNotBlank());
    // every VM in the sandbox sits on a compute resource: the per-manager VM counts add up to the
    // VMs
    long vms =
        store
            .jdbc
            .sql(
                "SELECT count(*) FROM foreman_hosts WHERE snapshot_id = ? AND data->>'compute_resource_id' IS NOT NULL")
            .param(snapshotId)
            .query(Long.class)
            .single();
    assertThat(managers.stream().mapToInt(ForemanSnapshotRepository.Hypervisor::vmCount).sum())
        .isEqualTo((int) vms);
    // bare-metal hypervisors: hosts Foreman reports as not virtual (reported.virtual = false on
    // 3.x)
    assertThat(bareMetal).hasSize(730 - (int) vms);
    assertThat(hypervisors.hypervisorCount()).isEqualTo(found.size());
  }

  @Test
  void searchIsPassedThroughAndARetriedActivityStartsTheSnapshotAfresh() {
    ForemanConfig config =
        store.config("inv-" + UUID.randomUUID(), foreman.baseUrl(), "admin", "pat-inv");
    UUID snapshotId = UUID.randomUUID();
    InventoryRequest request = new InventoryRequest(config.id(), "hostgroup_name = hypervisors");

    activities.collectHosts(request, snapshotId);
    ForemanInventoryActivities.HostsCollected again = activities.collectHosts(request, snapshotId);

    assertThat(again.hostCount()).isEqualTo(730 / 50);
    assertThat(store.snapshots.hosts(snapshotId, 0, 100))
        .allSatisfy(h -> assertThat(h.name()).startsWith("kvm"));
  }

  @Test
  void hostsCollectedCarryTheVersionForemanReported() {
    ForemanConfig config =
        store.config("inv-" + UUID.randomUUID(), foreman.baseUrl(), "admin", "pat-inv");

    ForemanInventoryActivities.HostsCollected hosts =
        activities.collectHosts(
            new InventoryRequest(config.id(), "hostgroup_name = hypervisors"), UUID.randomUUID());

    // a filtered run publishes with this version; it collects no hypervisors
    assertThat(hosts.foremanVersion()).isEqualTo(ForemanSandbox.VERSION);
  }

  @Test
  void hostsSeenOnTwoPagesAreStoredAndCountedOnceAsHostsAndAsHypervisors() throws IOException {
    try (MockWebServer shifting = new MockWebServer()) {
      shifting.setDispatcher(new PagesThatShift());
      shifting.start();
      ForemanConfig config =
          store.config(
              "inv-" + UUID.randomUUID(), shifting.url("/").toString(), "admin", "pat-inv");
      UUID snapshotId = UUID.randomUUID();

      ForemanInventoryActivities.HostsCollected hosts =
          activities.collectHosts(new InventoryRequest(config.id(), ""), snapshotId);
      ForemanInventoryActivities.HypervisorsCollected hypervisors =
          activities.collectHypervisors(config.id(), snapshotId);

      assertThat(hosts.hostCount()).isEqualTo(PagesThatShift.DISTINCT);
      assertThat(hypervisors.hypervisorCount()).isEqualTo(PagesThatShift.DISTINCT);
      assertThat(store.snapshots.hypervisors(snapshotId))
          .hasSize(PagesThatShift.DISTINCT)
          .extracting(ForemanSnapshotRepository.Hypervisor::foremanId)
          .doesNotHaveDuplicates();
    }
  }

  /**
   * 150 matches in pages of 100, where page 2 starts 10 hosts early (hosts were added to page 1
   * meanwhile): ids 1-100, then 91-140. Every host is bare metal; no compute resources.
   */
  static final class PagesThatShift extends Dispatcher {
    static final int DISTINCT = 140;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      if (path.equals("/api/status")) {
        return json("{\"result\":\"ok\",\"status\":200,\"version\":\"3.13.0\",\"api_version\":2}");
      }
      if (path.equals("/api/compute_resources")) {
        return json("{\"total\":0,\"subtotal\":0,\"page\":1,\"per_page\":100,\"results\":[]}");
      }
      int page = Integer.parseInt(request.getUrl().queryParameter("page"));
      int first = page == 1 ? 1 : 91;
      int last = page == 1 ? 100 : 140;
      StringBuilder results = new StringBuilder();
      for (int id = first; id <= last; id++) {
        results.append(results.isEmpty() ? "" : ",");
        results.append("{\"id\":").append(id).append(",\"name\":\"bm").append(id).append("\"}");
      }
      return json(
          "{\"total\":150,\"subtotal\":150,\"page\":"
              + page
              + ",\"per_page\":100,\"results\":["
              + results
              + "]}");
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json")
          .addHeader("Foreman_api_version", "2")
          .body(body)
          .build();
    }
  }

  @Test
  void aSearchForemanRejectsFailsWithoutRetryWithForemansMessage() {
    ForemanConfig config =
        store.config("inv-" + UUID.randomUUID(), foreman.baseUrl(), "admin", "pat-inv");

    ApplicationFailure f = hostsFailure(config, "nosuchfield = 1");

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getType()).isEqualTo(ForemanInventoryActivities.SEARCH_REJECTED);
    assertThat(f.getOriginalMessage())
        .startsWith("Foreman rejected the search: ")
        .contains("nosuchfield");
  }

  @Test
  void somethingThatIsNotForemanFailsTheInventoryWithoutRetry() throws IOException {
    try (MockWebServer other = new MockWebServer()) {
      other.enqueue(new MockResponse.Builder().code(200).body("{\"result\":\"ok\"}").build());
      other.start();
      ForemanConfig config =
          store.config("inv-" + UUID.randomUUID(), other.url("/").toString(), "admin", "pat-inv");

      ApplicationFailure f = hostsFailure(config, "");

      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getType()).isEqualTo(NotForemanException.FAILURE_TYPE);
    }
  }

  @Test
  void anUnreachableForemanFailsAsUnreachable() throws IOException {
    try (Blackhole blackhole = new Blackhole()) {
      ForemanConfig config =
          store.config("inv-" + UUID.randomUUID(), blackhole.url(), "admin", "pat-inv", 300, 1_000);

      assertThat(hostsFailure(config, "").getType())
          .isEqualTo(ForemanInventoryActivities.UNREACHABLE);
    }
  }

  @Test
  void badCredentialsFailWithoutRetryAndWithForemansMessage() {
    ForemanConfig config =
        store.config("inv-" + UUID.randomUUID(), foreman.baseUrl(), "admin", "wrong");

    ApplicationFailure f = hostsFailure(config, "");

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getType()).isEqualTo("ForemanBAD_CREDENTIALS");
    assertThat(f.getOriginalMessage()).contains("Unable to authenticate").doesNotContain("wrong");
  }

  /** How collectHosts failed, as the workflow sees it. */
  private ApplicationFailure hostsFailure(ForemanConfig config, String search) {
    Throwable thrown =
        catchThrowable(
            () ->
                activities.collectHosts(
                    new InventoryRequest(config.id(), search), UUID.randomUUID()));
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  @Test
  void hypervisorSearchFollowsTheConfigurationThenTheVersion() {
    ForemanConfig plain =
        new ForemanConfig(
            UUID.randomUUID(),
            "x",
            "http://f",
            "u",
            new SecretRef(UUID.randomUUID()),
            true,
            null,
            1,
            1,
            null,
            null,
            null);
    assertThat(ForemanInventoryActivitiesImpl.hypervisorSearch(plain, "3.13.0"))
        .isEqualTo("reported.virtual = false");
    assertThat(ForemanInventoryActivitiesImpl.hypervisorSearch(plain, "2.5.4"))
        .isEqualTo("facts.is_virtual = false");
    ForemanConfig custom =
        new ForemanConfig(
            UUID.randomUUID(),
            "x",
            "http://f",
            "u",
            new SecretRef(UUID.randomUUID()),
            true,
            null,
            1,
            1,
            "hostgroup = hypervisors",
            null,
            null);
    assertThat(ForemanInventoryActivitiesImpl.hypervisorSearch(custom, "3.13.0"))
        .isEqualTo("hostgroup = hypervisors");
  }
}
