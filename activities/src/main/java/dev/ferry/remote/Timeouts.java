package dev.ferry.remote;

import java.time.Duration;

/**
 * How long a call to one target may take: to connect, between two reads, and in all.
 *
 * @param call the whole call, from connect to the last byte of the answer
 */
public record Timeouts(Duration connect, Duration read, Duration call) {

  /** {@code request} between reads, and a connect plus one request in all. */
  public static Timeouts perRequest(Duration connect, Duration request) {
    return new Timeouts(connect, request, connect.plus(request));
  }
}
