package dev.ferry.remote;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * What went wrong with a remote call, and whether trying again can help. This is the one place that
 * decides: a server error, a timeout (ours or the remote's 408), rate limiting and a broken
 * connection are retried; an answer that rejects the request or its credentials, and a TLS setup
 * the remote does not accept, are not, because the configuration or the request must change first.
 */
public enum FailureKind {
  BAD_CREDENTIALS(false),
  PERMISSION_DENIED(false),
  NOT_FOUND(false),
  BAD_REQUEST(false),
  RATE_LIMITED(true),
  SERVER_ERROR(true),
  TIMEOUT(true),
  UNREACHABLE(true),
  TLS(false),
  UNEXPECTED(true);

  private final boolean retryable;

  FailureKind(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** For a non-2xx answer; redirects are not followed, so a 3xx means a wrong base URL. */
  public static FailureKind ofStatus(int status) {
    return switch (status) {
      case 401 -> BAD_CREDENTIALS;
      case 403 -> PERMISSION_DENIED;
      case 404 -> NOT_FOUND;
      case 408 -> TIMEOUT;
      case 429 -> RATE_LIMITED;
      default -> status >= 500 ? SERVER_ERROR : BAD_REQUEST;
    };
  }

  /**
   * For a call that got no answer; the outermost recognised cause decides, so a handshake the
   * remote broke off (a plain-HTTP port, a protocol it refuses) counts as TLS. A connect timeout is
   * UNREACHABLE, not TIMEOUT: nothing accepted the connection (a dropped SYN, a firewall), which is
   * what a refused connection also says, whereas TIMEOUT means the remote accepted the request and
   * is slow to answer it.
   */
  public static FailureKind ofIo(IOException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return TLS;
      }
      if (isConnectTimeout(t)) {
        return UNREACHABLE;
      }
      if (t instanceof InterruptedIOException) {
        return TIMEOUT; // SocketTimeoutException (read) and OkHttp's call timeout
      }
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException) {
        return UNREACHABLE;
      }
    }
    return UNEXPECTED; // reset or closed mid-call, or a malformed answer
  }

  /** The JDK's socket connect says "Connect timed out" (OkHttp passes it on unwrapped). */
  private static boolean isConnectTimeout(Throwable t) {
    return t instanceof SocketTimeoutException
        && t.getMessage() != null
        && t.getMessage().toLowerCase(Locale.ROOT).startsWith("connect timed out");
  }
}
