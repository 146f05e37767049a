package dev.ferry.fort.activity;

import dev.ferry.agent.client.AgentException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Turns remote errors into retryable or non-retryable activity failures, keeping the remote's
 * message.
 */
final class RemoteFailures {

  private RemoteFailures() {}

  static ApplicationFailure agent(String host, AgentException e) {
    String message = "agent " + host + ": " + e.getMessage();
    if (e instanceof AgentException.Unavailable || e.status() >= 500) {
      return ApplicationFailure.newFailure(message, "AgentUnavailable");
    }
    // 401/403/404/400: keys, roles or the manifest are wrong; retrying cannot fix that
    return ApplicationFailure.newNonRetryableFailure(message, "AgentRejected");
  }

  /** For an HTTP error of a provider API (pocket-id, Forgejo). */
  static ApplicationFailure http(String system, int status, String body, String retryAfter) {
    String message =
        system + " answered " + status + (body == null || body.isBlank() ? "" : ": " + clip(body));
    if (status == 429) {
      Duration delay = parseRetryAfter(retryAfter);
      return delay == null
          ? ApplicationFailure.newFailure(message, "RateLimited")
          : ApplicationFailure.newFailureWithCauseAndDelay(message, "RateLimited", null, delay);
    }
    if (status >= 500 || status == 408) {
      return ApplicationFailure.newFailure(message, "ProviderUnavailable");
    }
    return ApplicationFailure.newNonRetryableFailure(
        message,
        status == 401 || status == 403 ? "ProviderCredentialsRejected" : "ProviderRejected");
  }

  static ApplicationFailure unreachable(String system, Exception e) {
    return ApplicationFailure.newFailure(
        system + " unreachable: " + e.getMessage(), "ProviderUnavailable");
  }

  private static Duration parseRetryAfter(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null; // HTTP-date form: fall back to the retry policy's backoff
    }
  }

  private static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
