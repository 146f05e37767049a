package dev.ferry.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The cheapest HTTP hop in front of a start, for the start-latency benchmark: the JDK's own HTTP
 * server (no Spring, no token, no database) whose only handler makes the start and answers 202, and
 * a client that writes one request at a time on a kept-alive socket and reads the answer by its
 * Content-Length (no client library). What it costs over the bare start is what any HTTP API on
 * this machine pays before doing anything of its own.
 */
final class BareFront implements AutoCloseable {

  private static final byte[] REQUEST =
      "POST /start HTTP/1.1\r\nHost: bench\r\nContent-Length: 0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANSWER = "{\"started\":true}".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;

  /** A kept-alive socket idle for longer is replaced before it is used. */
  private static final long IDLE_LIMIT_NANOS = 10_000_000_000L;

  private final ThreadLocal<Socket> sockets = new ThreadLocal<>();
  private final ThreadLocal<Long> lastUse = new ThreadLocal<>();

  BareFront(Runnable start) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/start",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          start.run();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(202, ANSWER.length);
          exchange.getResponseBody().write(ANSWER);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** One request on this thread's socket; the answer's status. */
  int post() {
    try {
      Socket socket = sockets.get();
      Long idleSince = lastUse.get();
      if (socket != null && System.nanoTime() - idleSince > IDLE_LIMIT_NANOS) {
        socket.close(); // the server may have closed it by now (its idle interval is 30 s)
        socket = null;
      }
      if (socket == null) {
        socket = new Socket("127.0.0.1", server.getAddress().getPort());
        socket.setTcpNoDelay(true);
        sockets.set(socket);
      }
      OutputStream out = socket.getOutputStream();
      out.write(REQUEST);
      out.flush();
      int status = readAnswer(socket.getInputStream());
      lastUse.set(System.nanoTime());
      return status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the status line and headers, then exactly Content-Length bytes of body. */
  private static int readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the answer's head: " + head);
      }
      head.append((char) b);
    }
    String[] lines = head.toString().split("\r\n");
    int length = 0;
    for (String line : lines) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(lines[0].split(" ")[1]);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
