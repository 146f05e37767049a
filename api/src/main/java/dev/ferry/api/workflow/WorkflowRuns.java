package dev.ferry.api.workflow;

import dev.ferry.api.auth.Caller;
import dev.ferry.workflow.FerrySearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Looks at workflow runs by id: whether one exists or runs, its progress query and why it failed.
 * "No such run" is an empty answer; Temporal being unreachable is a 503.
 */
@Service
public class WorkflowRuns {

  private static final Logger log = LoggerFactory.getLogger(WorkflowRuns.class);

  /** Without a running worker nobody answers a query; the caller then shows no progress. */
  private static final Duration QUERY_DEADLINE = Duration.ofSeconds(3);

  /** A failed run's result is already stored, so this only bounds a slow server. */
  private static final Duration FAILURE_WAIT = Duration.ofSeconds(2);

  private final WorkflowClient client;

  public WorkflowRuns(WorkflowClient client) {
    this.client = client;
  }

  /** The latest run with this id, or empty when Temporal knows none. */
  public Optional<WorkflowExecutionDescription> describe(String workflowId) {
    try {
      return Optional.of(client.newUntypedWorkflowStub(workflowId).describe());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND
          || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        // INVALID_ARGUMENT: an id Temporal cannot hold (too long, say), so no run has it
        return Optional.empty();
      }
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Temporal unavailable: " + e.getStatus().getCode());
    }
  }

  /** Like {@link #describe} but a missing run is a 404. */
  public WorkflowExecutionDescription require(String workflowId) {
    return describe(workflowId).orElseThrow(() -> notFound(workflowId));
  }

  /**
   * Like {@link #require} for a caller: a run is theirs when its {@code FerryOwner} is their name;
   * another user's run, or one nobody owns (schedules, tests), is a 404 like a missing one, so ids
   * cannot be probed. Admins see every run.
   */
  public WorkflowExecutionDescription requireVisibleTo(String workflowId, Caller caller) {
    WorkflowExecutionDescription description = require(workflowId);
    String owner = description.getTypedSearchAttributes().get(FerrySearchAttributes.OWNER);
    if (caller.isAdmin() || caller.name().equals(owner)) {
      return description;
    }
    throw notFound(workflowId);
  }

  private static ResponseStatusException notFound(String workflowId) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "no workflow '" + workflowId + "'");
  }

  /** The run with this id if it is running now. */
  public Optional<WorkflowExecution> running(String workflowId) {
    return describe(workflowId)
        .filter(d -> d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
        .map(WorkflowExecutionDescription::getExecution);
  }

  /** RUNNING, COMPLETED, FAILED, ... as the API and CLI show it. */
  public static String status(WorkflowExecutionMetadata description) {
    return description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  /**
   * Asks a running workflow a query, giving up after a short deadline. It talks to the service
   * directly because the typed stub's query has no deadline and would hang without a worker.
   */
  public <T> Optional<T> query(WorkflowExecution execution, String queryType, Class<T> type) {
    QueryWorkflowResponse response;
    try {
      response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(QUERY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .queryWorkflow(
                  QueryWorkflowRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(execution)
                      .setQuery(WorkflowQuery.newBuilder().setQueryType(queryType))
                      .build());
    } catch (StatusRuntimeException e) {
      // deadline exceeded (no worker), run just closed, or Temporal busy: no answer this time
      log.debug(
          "Query {} of {} unanswered: {}", queryType, execution.getWorkflowId(), e.getStatus());
      return Optional.empty();
    }
    if (response.hasQueryRejected() || !response.hasQueryResult()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          client
              .getOptions()
              .getDataConverter()
              .fromPayloads(0, Optional.of(response.getQueryResult()), type, type));
    } catch (DataConverterException e) {
      // a worker of another version answered in another shape; progress is a nicety, not an error
      log.warn("Query {} of {} unreadable: {}", queryType, execution.getWorkflowId(), e.toString());
      return Optional.empty();
    }
  }

  /** What the latest run with this id returned; empty unless it completed. */
  public <T> Optional<T> result(String workflowId, Class<T> type) {
    try {
      return Optional.ofNullable(
          client
              .newUntypedWorkflowStub(workflowId)
              .getResult(FAILURE_WAIT.toMillis(), TimeUnit.MILLISECONDS, type));
    } catch (TimeoutException | WorkflowNotFoundException | WorkflowFailedException e) {
      return Optional.empty();
    } catch (DataConverterException e) {
      log.warn("Result of {} unreadable: {}", workflowId, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Why the latest run with this id failed: the innermost failure's message (e.g. the remote's own
   * error text); empty when it did not fail or does not exist.
   */
  public Optional<String> failure(String workflowId) {
    try {
      client
          .newUntypedWorkflowStub(workflowId)
          .getResult(FAILURE_WAIT.toMillis(), TimeUnit.MILLISECONDS, Object.class);
      return Optional.empty();
    } catch (TimeoutException | WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowFailedException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return Optional.ofNullable(
          root instanceof ApplicationFailure app ? app.getOriginalMessage() : root.getMessage());
    }
  }
}
