package dev.ferry.api.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * PostgreSQL out of reach (restarting, failing over, no free connection within the pool's timeout)
 * is the server's temporary state, not the request's fault and not a bug: a 503 with {@code
 * Retry-After}, which clients and load balancers retry, instead of a 500. The pool reconnects by
 * itself once the database is back. Used by {@link ProblemHandler} (errors inside Spring MVC) and
 * {@link ProblemErrorController} (errors in filters, such as the token lookup).
 */
final class DatabaseUnavailable {

  static final String RETRY_AFTER_SECONDS = "5";

  private DatabaseUnavailable() {}

  static boolean causedBy(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof DataAccessResourceFailureException
          || e instanceof CannotCreateTransactionException
          || e instanceof SQLTransientConnectionException
          || (e instanceof SQLException sql && connectionState(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /** SQLSTATE class 08 (connection exception) and 57P (the server shutting down or restarting). */
  private static boolean connectionState(String state) {
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  static ResponseEntity<ProblemDetail> response() {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            ProblemResponses.problem(503, "The database is unavailable; retry in a few seconds."));
  }
}
