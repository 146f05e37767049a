package dev.ferry.api.foreman;

import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A Foreman workflow that failed becomes a 502 carrying the activity's message (e.g. Foreman's 401
 * text).
 */
final class ForemanRunFailure {

  private ForemanRunFailure() {}

  static ResponseStatusException of(String workflowId, WorkflowFailedException e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof ApplicationFailure)) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof ApplicationFailure failure
            ? failure.getOriginalMessage()
            : cause.getMessage();
    return new ResponseStatusException(
        HttpStatus.BAD_GATEWAY, "Foreman run " + workflowId + " failed: " + message);
  }
}
