package dev.ferry.api.foreman;

import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.foreman.workflow.ForemanInventoryActivities;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A Foreman workflow that failed, as the answer the caller gets, carrying the activity's message
 * (e.g. Foreman's own text): a search Foreman rejected is the caller's 400 naming {@code search}; a
 * Foreman that could not be reached, or did not answer in time, is a 504; anything else Foreman did
 * is a 502.
 */
final class ForemanRunFailure {

  private ForemanRunFailure() {}

  static RuntimeException of(String workflowId, WorkflowFailedException e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof ApplicationFailure)) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof ApplicationFailure failure
            ? failure.getOriginalMessage()
            : cause.getMessage();
    String type = cause instanceof ApplicationFailure failure ? failure.getType() : "";
    return switch (type) {
      case ForemanInventoryActivities.SEARCH_REJECTED ->
          new InvalidFieldException("search", message);
      case ForemanInventoryActivities.UNREACHABLE, ForemanInventoryActivities.TIMEOUT ->
          new ResponseStatusException(
              HttpStatus.GATEWAY_TIMEOUT, "Foreman run " + workflowId + " failed: " + message);
      default ->
          new ResponseStatusException(
              HttpStatus.BAD_GATEWAY, "Foreman run " + workflowId + " failed: " + message);
    };
  }
}
