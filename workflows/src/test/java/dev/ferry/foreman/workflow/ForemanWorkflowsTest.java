package dev.ferry.foreman.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflows' own logic, with the activities replaced by recording fakes. */
class ForemanWorkflowsTest {

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeConnection connection = new FakeConnection();
  private final FakeInventory inventory = new FakeInventory();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute(
        FerrySearchAttributes.OUTCOME.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(
        FerrySearchAttributes.FOREMAN_CONFIG.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    Worker worker = env.newWorker(FerryTaskQueues.MAIN);
    worker.registerWorkflowImplementationTypes(
        ForemanConnectionTestWorkflowImpl.class,
        ForemanTestAllWorkflowImpl.class,
        ForemanInventoryWorkflowImpl.class);
    worker.registerActivitiesImplementations(connection, inventory);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private <T> T stub(Class<T> type, String id) {
    return client.newWorkflowStub(
        type,
        WorkflowOptions.newBuilder().setTaskQueue(FerryTaskQueues.MAIN).setWorkflowId(id).build());
  }

  @Test
  void connectionTestRecordsItsOutcomeUnderItsRunAndTagsTheRun() {
    UUID config = UUID.randomUUID();
    connection.outcomes.put(config, ConnectionOutcome.BAD_CREDENTIALS);

    ForemanConnectionTestWorkflow workflow =
        stub(ForemanConnectionTestWorkflow.class, "foreman-test/" + config);
    ConnectionTestResult result = workflow.test(config);

    assertThat(result.outcome()).isEqualTo(ConnectionOutcome.BAD_CREDENTIALS);
    String runId =
        client
            .newUntypedWorkflowStub("foreman-test/" + config)
            .describe()
            .getExecution()
            .getRunId();
    assertThat(connection.recorded).containsExactly(runId + " " + config + " BAD_CREDENTIALS");
    assertThat(
            client
                .newUntypedWorkflowStub("foreman-test/" + config)
                .describe()
                .getTypedSearchAttributes()
                .get(FerrySearchAttributes.OUTCOME))
        .isEqualTo("BAD_CREDENTIALS");
  }

  @Test
  void testAllTestsEveryConfigurationAndSurvivesOneThatVanished() {
    UUID ok1 = UUID.randomUUID();
    UUID ok2 = UUID.randomUUID();
    UUID down = UUID.randomUUID();
    UUID deleted = UUID.randomUUID();
    connection.ids = List.of(ok1, ok2, down, deleted);
    connection.outcomes.put(ok1, ConnectionOutcome.OK);
    connection.outcomes.put(ok2, ConnectionOutcome.OK);
    connection.outcomes.put(down, ConnectionOutcome.UNREACHABLE);

    ForemanTestAllWorkflow.Summary summary =
        stub(ForemanTestAllWorkflow.class, "foreman-test-all").testAll();

    assertThat(summary).isEqualTo(new ForemanTestAllWorkflow.Summary(4, 2, 2));
    assertThat(connection.recorded)
        .hasSize(3)
        .anySatisfy(r -> assertThat(r).endsWith(down + " UNREACHABLE"));
  }

  @Test
  void unfilteredInventoryRunsHostsThenHypervisorsThenPublishesOneSnapshotAndReturnsOnlyCounts() {
    UUID config = UUID.randomUUID();

    InventorySummary summary =
        stub(ForemanInventoryWorkflow.class, "foreman-inventory/" + config)
            .collect(new InventoryRequest(config, "  "));

    assertThat(inventory.calls)
        .containsExactly(
            "hosts " + config + " [] " + summary.snapshotId(),
            "hypervisors " + config + " " + summary.snapshotId(),
            "publish " + summary.snapshotId() + " 3.13.0");
    assertThat(summary)
        .isEqualTo(new InventorySummary(summary.snapshotId(), 50_000, 7, 50, "3.13.0"));
  }

  @Test
  void filteredInventoryCollectsNoHypervisorsAndPublishesWithTheHostsVersion() {
    UUID config = UUID.randomUUID();

    InventorySummary summary =
        stub(ForemanInventoryWorkflow.class, "foreman-inventory/" + config + "/f")
            .collect(new InventoryRequest(config, "  os ~ Rocky "));

    assertThat(inventory.calls)
        .containsExactly(
            "hosts " + config + " [os ~ Rocky] " + summary.snapshotId(),
            "publish " + summary.snapshotId() + " 3.12.1");
    assertThat(summary)
        .isEqualTo(new InventorySummary(summary.snapshotId(), 50_000, 0, 50, "3.12.1"));
  }

  @Test
  void unreachableForemanFailsTheInventoryWithoutRetries() {
    UUID config = UUID.randomUUID();
    inventory.hostsFailure =
        ApplicationFailure.newFailure("cannot connect", ForemanInventoryActivities.UNREACHABLE);

    assertThatThrownBy(
            () ->
                stub(ForemanInventoryWorkflow.class, "foreman-inventory/" + config + "/u")
                    .collect(new InventoryRequest(config, "")))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(inventory.calls).hasSize(1);
  }

  static class FakeConnection implements ForemanConnectionActivities {
    volatile List<UUID> ids = List.of();
    final Map<UUID, ConnectionOutcome> outcomes = new ConcurrentHashMap<>();
    final List<String> recorded = new CopyOnWriteArrayList<>();

    @Override
    public ConnectionTestResult testConnection(UUID configId) {
      ConnectionOutcome outcome = outcomes.get(configId);
      if (outcome == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no Foreman configuration " + configId, "ForemanConfigNotFound");
      }
      return new ConnectionTestResult(
          outcome, outcome.name(), null, null, List.of(), Instant.EPOCH);
    }

    @Override
    public void recordTestResult(String testId, UUID configId, ConnectionTestResult result) {
      recorded.add(testId + " " + configId + " " + result.outcome());
    }

    @Override
    public List<UUID> listConfigIds() {
      return ids;
    }
  }

  static class FakeInventory implements ForemanInventoryActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile ApplicationFailure hostsFailure;

    @Override
    public HostsCollected collectHosts(InventoryRequest request, UUID snapshotId) {
      calls.add("hosts " + request.configId() + " [" + request.search() + "] " + snapshotId);
      if (hostsFailure != null) {
        throw hostsFailure;
      }
      return new HostsCollected(50_000, 50, "3.12.1");
    }

    @Override
    public HypervisorsCollected collectHypervisors(UUID configId, UUID snapshotId) {
      calls.add("hypervisors " + configId + " " + snapshotId);
      return new HypervisorsCollected(7, "3.13.0");
    }

    @Override
    public void publishSnapshot(UUID snapshotId, String foremanVersion) {
      calls.add("publish " + snapshotId + " " + foremanVersion);
    }
  }
}
