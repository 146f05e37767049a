package dev.ferry.foreman.workflow;

/** How a connection test ended. Only OK means Ferry can use the configuration. */
public enum ConnectionOutcome {
  OK,
  /**
   * 401: wrong login or token, revoked or expired token, disabled user, or failed-login lockout.
   */
  BAD_CREDENTIALS,
  /** 403: the user lacks permissions Ferry needs (named in missingPermissions). */
  PERMISSION_DENIED,
  /** Handshake or certificate verification failed. */
  TLS_FAILURE,
  /** Name did not resolve or nothing accepted the connection. */
  UNREACHABLE,
  TIMEOUT,
  /**
   * Something answered, but not Foreman: no {@code Foreman_api_version} header and no {@code
   * api_version} in the {@code /api/status} body (or a 404 for that route).
   */
  NOT_FOREMAN,
  /** Foreman answered, but not as Foreman should (5xx, not JSON, unexpected status). */
  UNEXPECTED_RESPONSE
}
