package dev.ferry.agent.client;

/** An agent call that did not succeed; subclasses say what the caller can do about it. */
public class AgentException extends RuntimeException {
  private final int status;

  public AgentException(int status, String message) {
    super(message);
    this.status = status;
  }

  public AgentException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /**
   * 401: unknown origin, bad signature, clock skew or replay. Fix keys or clocks; retrying will not
   * help.
   */
  public static final class Unauthenticated extends AgentException {
    public Unauthenticated(String message) {
      super(401, message);
    }
  }

  /** 403: authenticated but the principal lacks the capability. */
  public static final class Forbidden extends AgentException {
    public Forbidden(String message) {
      super(403, message);
    }
  }

  /** 404: unknown endpoint, credential type, service not on this host, or file not found. */
  public static final class NotFound extends AgentException {
    public NotFound(String message) {
      super(404, message);
    }
  }

  /** No answer, a timeout, or 502/503/504: the agent is down or busy; retry later. */
  public static final class Unavailable extends AgentException {
    public Unavailable(int status, String message, Throwable cause) {
      super(status, message, cause);
    }
  }
}
