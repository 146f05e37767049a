package dev.ferry.api.forward;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.CollectorAction;
import dev.ferry.forward.workflow.CollectorStatus;
import dev.ferry.forward.workflow.ForwardCollectorWorkflow;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * A profile's collectors: status, re-registration and deletion, each a short {@link
 * ForwardCollectorWorkflow} run the API starts and waits for (the API never calls Forward or
 * Kubernetes itself).
 */
@Service
public class ForwardCollectorLifecycle {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Type STATUSES = new TypeReference<List<CollectorStatus>>() {}.getType();

  private final WorkflowClient client;

  public ForwardCollectorLifecycle(WorkflowClient client) {
    this.client = client;
  }

  /** A collector as the API shows it: never its authorization key. */
  public record CollectorView(
      String name,
      String username,
      String forwardId,
      String scope,
      boolean inForward,
      boolean connected,
      String connectionStatus,
      String deployment,
      int replicas,
      int readyReplicas,
      boolean deploymentReady) {

    static CollectorView of(CollectorStatus s) {
      return new CollectorView(
          s.name(),
          s.username(),
          s.forwardId(),
          s.scope(),
          s.inForward(),
          s.connected(),
          s.connectionStatus(),
          s.deployment(),
          s.replicas(),
          s.readyReplicas(),
          s.deploymentReady());
    }
  }

  public List<CollectorView> run(CollectorAction action, ForwardProfile profile, String owner) {
    String workflowId =
        "forward-collector/"
            + action.name().toLowerCase(Locale.ROOT)
            + "/"
            + profile.id()
            + "/"
            + UUID.randomUUID();
    ForwardCollectorWorkflow workflow =
        client.newWorkflowStub(
            ForwardCollectorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setWorkflowId(workflowId)
                .setWorkflowExecutionTimeout(RUN_TIMEOUT)
                .build());
    WorkflowClient.start(workflow::run, action, profile.id().toString(), owner);
    try {
      @SuppressWarnings("unchecked")
      List<CollectorStatus> result =
          WorkflowStub.fromTyped(workflow)
              .getResult(WAIT.toSeconds(), TimeUnit.SECONDS, List.class, STATUSES);
      return result.stream().map(CollectorView::of).toList();
    } catch (TimeoutException e) {
      throw new ResponseStatusException(
          HttpStatus.GATEWAY_TIMEOUT,
          "the collector " + action + " did not finish; is a worker running?");
    } catch (WorkflowFailedException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_GATEWAY, "the collector " + action + " failed: " + reason(e));
    }
  }

  private static String reason(WorkflowFailedException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
      if (cause instanceof ApplicationFailure failure) {
        return failure.getOriginalMessage();
      }
    }
    return e.getMessage();
  }
}
