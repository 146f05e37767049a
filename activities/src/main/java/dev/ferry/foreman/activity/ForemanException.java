package dev.ferry.foreman.activity;

import java.time.Duration;
import java.util.List;

/**
 * A Foreman call that failed, classified so callers can tell "fix the configuration" from "try
 * again".
 */
public class ForemanException extends RuntimeException {

  public enum Kind {
    BAD_CREDENTIALS,
    PERMISSION_DENIED,
    NOT_FOUND,
    BAD_REQUEST,
    RATE_LIMITED,
    SERVER_ERROR,
    TLS,
    UNREACHABLE,
    TIMEOUT,
    UNEXPECTED;

    /**
     * Trying again cannot help: the configuration, the credential or the request must change first.
     */
    public boolean permanent() {
      return this == BAD_CREDENTIALS
          || this == PERMISSION_DENIED
          || this == NOT_FOUND
          || this == BAD_REQUEST
          || this == TLS;
    }
  }

  private final Kind kind;
  private final int httpStatus;
  private final List<String> missingPermissions;
  private final Duration retryAfter;

  public ForemanException(
      Kind kind,
      int httpStatus,
      String message,
      List<String> missingPermissions,
      Duration retryAfter,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.missingPermissions = List.copyOf(missingPermissions);
    this.retryAfter = retryAfter;
  }

  public static ForemanException io(Kind kind, String message, Throwable cause) {
    return new ForemanException(kind, 0, message, List.of(), null, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** 0 when no HTTP response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  public List<String> missingPermissions() {
    return missingPermissions;
  }

  /** Set only when Foreman (or a proxy in front of it) sent Retry-After. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
