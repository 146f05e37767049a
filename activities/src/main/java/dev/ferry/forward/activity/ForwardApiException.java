package dev.ferry.forward.activity;

import java.time.Duration;
import java.util.Locale;

/** A non-2xx answer from Forward, with the message from its ErrorInfo body. */
public class ForwardApiException extends RuntimeException {

  private final int status;
  private final Duration retryAfter;

  public ForwardApiException(int status, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  /** Null unless Forward sent a Retry-After header. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** "Already exists" arrives as 409 or 400 (forward-api.md §4), so look at the text too. */
  public boolean isConflict() {
    String text = getMessage() == null ? "" : getMessage().toLowerCase(Locale.ROOT);
    return status == 409
        || (status == 400
            && (text.contains("already exists")
                || text.contains("already used")
                || text.contains("duplicate")));
  }
}
