package dev.ferry.api.forward;

import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ForwardConnectionWorkflow;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/** Tests a Forward profile's connection and waits for the outcome. */
@Service
public class ForwardConnectionTests {

  /** The run's own limit; the wait below is shorter so the answer says which side gave up. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  private static final Duration WAIT = Duration.ofSeconds(90);

  private final WorkflowClient client;
  private final WorkflowLinks links;

  public ForwardConnectionTests(WorkflowClient client, WorkflowLinks links) {
    this.client = client;
    this.links = links;
  }

  public record TestView(
      String status, String forwardVersion, String message, String workflowId, String webUiUrl) {}

  /** The outcome: ok (with Forward's version), bad credentials, unreachable, TLS failure, ... */
  public TestView test(ForwardProfile profile) {
    String workflowId = "forward-test/" + profile.id() + "/" + UUID.randomUUID();
    ForwardConnectionWorkflow workflow =
        client.newWorkflowStub(
            ForwardConnectionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setWorkflowId(workflowId)
                .setWorkflowExecutionTimeout(RUN_TIMEOUT)
                .build());
    WorkflowClient.start(workflow::test, profile.id().toString());
    try {
      ConnectionOutcome outcome =
          WorkflowStub.fromTyped(workflow)
              .getResult(WAIT.toSeconds(), TimeUnit.SECONDS, ConnectionOutcome.class);
      return new TestView(
          outcome.status().name().toLowerCase(Locale.ROOT),
          outcome.forwardVersion(),
          outcome.message(),
          workflowId,
          links.of(workflowId, null));
    } catch (TimeoutException e) {
      throw new ResponseStatusException(
          HttpStatus.GATEWAY_TIMEOUT, "the connection test did not finish; is a worker running?");
    }
  }
}
