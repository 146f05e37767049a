package dev.ferry.agent;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends exactly one response per exchange. The body-read watchdog and the request thread may both
 * try; the first wins. Closing the response stream before the request body was fully read makes the
 * JDK server drop the connection, which also unblocks a thread stuck reading a slow body.
 */
final class Responder {
  private static final int OPEN = 0;
  private static final int ANSWERED = 1;
  private static final int TIMED_OUT = 2;

  private final HttpExchange exchange;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private volatile int status;

  Responder(HttpExchange exchange) {
    this.exchange = exchange;
  }

  boolean timedOut() {
    return state.get() == TIMED_OUT;
  }

  /** The status actually sent (0 if none yet). */
  int status() {
    return status;
  }

  /** Called by the watchdog when the body is not in within the read timeout. */
  void timeout() {
    if (state.compareAndSet(OPEN, TIMED_OUT)) {
      write(
          408,
          "application/json",
          Json.error("request body timeout").getBytes(StandardCharsets.UTF_8),
          true);
    }
  }

  void json(int status, String json, boolean closeConnection) {
    send(status, "application/json", json.getBytes(StandardCharsets.UTF_8), closeConnection);
  }

  void send(int status, String contentType, byte[] body, boolean closeConnection) {
    if (state.compareAndSet(OPEN, ANSWERED)) {
      write(status, contentType, body, closeConnection);
    }
  }

  /**
   * Starts a streamed (chunked) response, e.g. server-sent events; the caller writes and closes.
   */
  OutputStream stream(int status, String contentType) throws IOException {
    if (!state.compareAndSet(OPEN, ANSWERED)) {
      throw new IOException("response already sent");
    }
    this.status = status;
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(status, 0);
    return exchange.getResponseBody();
  }

  private void write(int status, String contentType, byte[] body, boolean closeConnection) {
    this.status = status;
    try {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if (closeConnection) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      exchange.close(); // the client went away; nothing else to do
    }
  }
}
