package dev.ferry.api.workflow;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.auth.ForbiddenException;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.api.problem.QueryParams;
import dev.ferry.workflow.FerrySearchAttributes;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the list parameters into a Temporal visibility query. Every value is checked against a
 * closed set or a strict pattern first, and only then written into the query, so no parameter can
 * add a clause: the owner clause of a plain user is always there.
 */
final class WorkflowQuery {

  /** Workflow type names are Java identifiers; no quote, space or operator fits through. */
  private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

  /** The API's status names (as {@code GET /api/workflows/{id}} shows them) → visibility's. */
  private static final Map<String, String> STATUSES =
      Map.of(
          "RUNNING", "Running",
          "COMPLETED", "Completed",
          "FAILED", "Failed",
          "CANCELED", "Canceled",
          "TERMINATED", "Terminated",
          "CONTINUED_AS_NEW", "ContinuedAsNew",
          "TIMED_OUT", "TimedOut");

  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private WorkflowQuery() {}

  /**
   * The query for these parameters (null ones are absent). A plain user sees only their own runs
   * and may not name another owner.
   */
  static String build(
      Caller caller, String owner, String type, String status, String since, Clock clock) {
    if (!caller.isAdmin() && owner != null && !owner.equals(caller.name())) {
      throw new ForbiddenException("only an admin may list another user's runs");
    }
    List<String> clauses = new ArrayList<>();
    String ownerFilter =
        caller.isAdmin()
            ? QueryParams.optional("owner", owner, QueryParams.USER_NAME, "a user name")
            : caller.name();
    if (ownerFilter != null) {
      clauses.add(FerrySearchAttributes.OWNER.getName() + " = " + literal(ownerFilter));
    }
    String checkedType =
        QueryParams.optional(
            "type", type, TYPE, "a workflow type name such as ForwardSyncWorkflow");
    if (checkedType != null) {
      clauses.add("WorkflowType = " + literal(checkedType));
    }
    if (status != null) {
      clauses.add("ExecutionStatus = " + literal(status(status)));
    }
    if (since != null) {
      clauses.add("StartTime >= " + literal(since(since, clock).toString()));
    }
    return String.join(" AND ", clauses);
  }

  private static String status(String status) {
    String visibility = STATUSES.get(status.toUpperCase(Locale.ROOT));
    if (visibility == null) {
      throw new InvalidFieldException(
          "status",
          "must be one of " + String.join(", ", STATUSES.keySet().stream().sorted().toList()));
    }
    return visibility;
  }

  /** An instant ({@code 2026-01-31T00:00:00Z}) or how long ago ({@code PT24H}, {@code P7D}). */
  private static Instant since(String since, Clock clock) {
    Instant instant;
    try {
      if (since.startsWith("P")) {
        Duration ago = Duration.parse(since);
        if (ago.isNegative()) {
          throw new InvalidFieldException("since", "a duration must not be negative");
        }
        instant = clock.instant().minus(ago);
      } else {
        instant = OffsetDateTime.parse(since).toInstant();
      }
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidFieldException(
          "since",
          "must be an ISO-8601 time such as 2026-01-31T00:00:00Z or a duration such as PT24H");
    }
    // visibility stores plain four-digit years; outside them a time is a typo, not a filter
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new InvalidFieldException("since", "must lie between 1970 and 9999");
    }
    return instant;
  }

  /**
   * A string literal of the query language. Values reach here only after validation, so a quote or
   * backslash means a bug, not input to escape.
   */
  private static String literal(String value) {
    if (value.indexOf('\'') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
      throw new IllegalStateException("unvalidated value in a visibility query");
    }
    return "'" + value + "'";
  }
}
