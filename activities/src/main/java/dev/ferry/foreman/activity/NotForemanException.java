package dev.ferry.foreman.activity;

/**
 * Something answered at the configured base URL, but not Foreman: its {@code /api/status} answer
 * carries neither Foreman's {@code Foreman_api_version} header nor an {@code api_version} in the
 * body. Trying again cannot help; the base URL must change.
 */
public class NotForemanException extends RuntimeException {

  /** The Temporal failure type of an activity that found no Foreman. */
  public static final String FAILURE_TYPE = "ForemanNOT_FOREMAN";

  NotForemanException(String message) {
    super(message);
  }
}
