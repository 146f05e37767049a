package dev.ferry.sandbox.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that a sandbox route turns into an HTTP error response in the product's own error
 * shape.
 */
public class ApiError extends RuntimeException {
  private final int status;
  private final String reason;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiError(int status, String message) {
    this(status, message, null);
  }

  public ApiError(int status, String message, String reason) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public ApiError header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  public static ApiError conflict(String message) {
    return new ApiError(409, message);
  }
}
