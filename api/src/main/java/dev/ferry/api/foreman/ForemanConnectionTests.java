package dev.ferry.api.foreman;

import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.workflow.ConnectionTestResult;
import dev.ferry.foreman.workflow.ForemanConnectionTestWorkflow;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;

/** Tests a configuration's connection on demand, waiting a bounded time for the outcome. */
@Service
public class ForemanConnectionTests {

  private final WorkflowClient client;
  private final WorkflowLinks links;
  private final ForemanConfigRepository configs;
  private final ForemanApiProperties properties;
  private final ForemanTestThrottle throttle;

  public ForemanConnectionTests(
      WorkflowClient client,
      WorkflowLinks links,
      ForemanConfigRepository configs,
      ForemanApiProperties properties,
      ForemanTestThrottle throttle) {
    this.client = client;
    this.links = links;
    this.configs = configs;
    this.properties = properties;
    this.throttle = throttle;
  }

  /** {@code result} is null while the test still runs. */
  public record TestRun(String workflowId, String webUiUrl, ConnectionTestResult result) {}

  /**
   * Starts a test run and waits up to {@code ferry.foreman.test-wait} for its result; refused with
   * 429 within {@code ferry.foreman.test-min-interval} of the configuration's last test.
   */
  public TestRun run(UUID configId) {
    configs.find(configId).orElseThrow(() -> ForemanConfigController.notFound(configId));
    throttle.acquire(List.of(configId));
    String workflowId =
        ForemanConnectionTestWorkflow.ID_PREFIX + configId + "/" + UUID.randomUUID();
    ForemanConnectionTestWorkflow workflow =
        client.newWorkflowStub(
            ForemanConnectionTestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(FerrySearchAttributes.FOREMAN_CONFIG, configId.toString())
                        .build())
                .build());
    WorkflowExecution execution = WorkflowClient.start(workflow::test, configId);
    String link = links.of(workflowId, execution.getRunId());
    try {
      ConnectionTestResult result =
          WorkflowStub.fromTyped(workflow)
              .getResult(
                  properties.testWait().toMillis(),
                  TimeUnit.MILLISECONDS,
                  ConnectionTestResult.class);
      return new TestRun(workflowId, link, result);
    } catch (TimeoutException e) {
      return new TestRun(workflowId, link, null);
    } catch (WorkflowFailedException e) {
      throw ForemanRunFailure.of(workflowId, e);
    }
  }
}
