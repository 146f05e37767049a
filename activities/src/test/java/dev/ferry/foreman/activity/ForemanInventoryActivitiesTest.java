package dev.ferry.foreman.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.workflow.ForemanInventoryActivities;
import dev.ferry.foreman.workflow.InventoryRequest;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
  void badCredentialsFailWithoutRetryAndWithForemansMessage() {
    ForemanConfig config =
        store.config("inv-" + UUID.randomUUID(), foreman.baseUrl(), "admin", "wrong");

    assertThatThrownBy(
            () -> activities.collectHosts(new InventoryRequest(config.id(), ""), UUID.randomUUID()))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("ForemanBAD_CREDENTIALS");
              assertThat(f.getOriginalMessage())
                  .contains("Unable to authenticate")
                  .doesNotContain("wrong");
            });
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
