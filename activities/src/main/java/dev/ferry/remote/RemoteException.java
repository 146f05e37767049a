package dev.ferry.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * A remote call that failed, classified ({@link FailureKind}), with the remote's own message
 * clipped to a readable length. {@link #toFailure()} is the one mapping to a Temporal failure.
 */
public final class RemoteException extends RuntimeException {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;

  private final FailureKind kind;
  private final String type;
  private final int status;
  private final Duration retryAfter;
  private final JsonNode errorBody;

  private RemoteException(
      FailureKind kind,
      String type,
      int status,
      String message,
      Duration retryAfter,
      JsonNode errorBody,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.type = type;
    this.status = status;
    this.retryAfter = retryAfter;
    this.errorBody = errorBody;
  }

  /** A non-2xx answer. */
  static RemoteException answered(
      String target,
      FailureTypes types,
      String method,
      HttpUrl url,
      int status,
      byte[] body,
      String retryAfterHeader) {
    FailureKind kind = FailureKind.ofStatus(status);
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode json = parseQuietly(text);
    return new RemoteException(
        kind,
        types.of(kind),
        status,
        target
            + " answered "
            + status
            + " to "
            + method
            + " "
            + url.encodedPath()
            + ": "
            + message(json, text),
        kind.retryable() ? RetryAfter.parse(retryAfterHeader, Instant.now()) : null,
        json,
        null);
  }

  /** No answer: the connection could not be made, broke, or timed out. */
  static RemoteException unanswered(
      String target, FailureTypes types, HttpUrl url, IOException failure) {
    FailureKind kind = FailureKind.ofIo(failure);
    String where = url.host() + ":" + url.port();
    String detail =
        switch (kind) {
          case TLS -> "TLS failure talking to " + url.host() + ": " + failure.getMessage();
          case TIMEOUT -> "no answer from " + where + " in time (" + failure.getMessage() + ")";
          case UNREACHABLE ->
              failure instanceof java.net.UnknownHostException
                  ? "cannot resolve host " + url.host()
                  : "cannot connect to " + where + " (" + failure.getMessage() + ")";
          default -> "talking to " + where + " failed: " + failure;
        };
    return new RemoteException(
        kind, types.of(kind), 0, target + ": " + detail, null, JSON.createObjectNode(), failure);
  }

  /** A 2xx answer that is not what the API promises (not JSON, or the wrong shape). */
  static RemoteException unexpected(
      String target, FailureTypes types, HttpUrl url, String problem, Throwable cause) {
    return new RemoteException(
        FailureKind.UNEXPECTED,
        types.of(FailureKind.UNEXPECTED),
        0,
        target + " answered " + url.encodedPath() + " " + clip(problem),
        null,
        JSON.createObjectNode(),
        cause);
  }

  /**
   * Runs remote calls inside an activity, so that any remote failure leaves the activity as the
   * Temporal failure Temporal should act on.
   */
  public static <T> T failingActivity(Supplier<T> calls) {
    try {
      return calls.get();
    } catch (RemoteException e) {
      throw e.toFailure();
    }
  }

  public ApplicationFailure toFailure() {
    if (!kind.retryable()) {
      return ApplicationFailure.newNonRetryableFailure(getMessage(), type);
    }
    ApplicationFailure.Builder failure =
        ApplicationFailure.newBuilder().setMessage(getMessage()).setType(type);
    if (retryAfter != null) {
      failure.setNextRetryDelay(retryAfter);
    }
    return failure.build();
  }

  public FailureKind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no (usable) answer arrived. */
  public int status() {
    return status;
  }

  /** Only when the remote asked for a delay on a retryable answer. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The answer's body as JSON, for product details; an empty object when it was not JSON. */
  public JsonNode errorBody() {
    return errorBody;
  }

  /** The common error shapes of the products we call, most specific first; else the raw text. */
  private static String message(JsonNode json, String raw) {
    JsonNode error = json.path("error");
    if (error.path("message").isTextual()) {
      String details = error.path("details").asText("");
      return clip(error.get("message").asText() + (details.isEmpty() ? "" : " (" + details + ")"));
    }
    if (error.path("full_messages").isArray() && !error.get("full_messages").isEmpty()) {
      List<String> messages = new ArrayList<>();
      error.get("full_messages").forEach(m -> messages.add(m.asText()));
      return clip(String.join("; ", messages));
    }
    for (JsonNode text : List.of(json.path("message"), error, json.path("displayMessage"))) {
      if (text.isTextual()) {
        return clip(text.asText());
      }
    }
    return raw.isBlank() ? "(empty body)" : clip(raw);
  }

  private static JsonNode parseQuietly(String text) {
    try {
      JsonNode json = JSON.readTree(text);
      return json == null ? JSON.createObjectNode() : json;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String clip(String text) {
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
  }
}
