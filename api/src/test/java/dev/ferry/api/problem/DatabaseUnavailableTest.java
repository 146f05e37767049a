package dev.ferry.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failures mean "the database is away" (503, retry) rather than a bug (500). The real outage
 * is exercised by the cluster fault tests (PostgresRestartTest, `make test-cluster`).
 */
class DatabaseUnavailableTest {

  @Test
  void connectionFailuresAndServerShutdownAreUnavailability() {
    assertThat(
            DatabaseUnavailable.causedBy(
                new CannotGetJdbcConnectionException(
                    "pool", new SQLTransientConnectionException("timed out after 5000ms"))))
        .isTrue();
    assertThat(
            DatabaseUnavailable.causedBy(
                new CannotCreateTransactionException("no connection", new RuntimeException())))
        .isTrue();
    // PostgreSQL terminating the session for a fast shutdown (57P01), reached through a wrapper
    assertThat(
            DatabaseUnavailable.causedBy(
                new IllegalStateException(
                    new UncategorizedSQLException(
                        "query", "SELECT 1", new SQLException("terminating", "57P01")))))
        .isTrue();
    assertThat(DatabaseUnavailable.causedBy(new SQLException("I/O error", "08006"))).isTrue();
  }

  @Test
  void otherFailuresStayInternalErrors() {
    assertThat(DatabaseUnavailable.causedBy(new DuplicateKeyException("users_name_key"))).isFalse();
    assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax", "42601"))).isFalse();
    assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseUnavailable.causedBy(null)).isFalse();
  }

  @Test
  void theAnswerIsA503ProblemWithRetryAfter() {
    var response = DatabaseUnavailable.response();
    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    assertThat(response.getHeaders().getContentType().toString())
        .isEqualTo("application/problem+json");
    assertThat(response.getBody().getStatus()).isEqualTo(503);
  }
}
