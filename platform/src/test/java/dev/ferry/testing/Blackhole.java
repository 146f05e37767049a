package dev.ferry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A local port where a connection can never be made, like a firewalled host that drops packets: it
 * listens, but its accept queue is kept full, so the kernel drops further SYNs and a client's
 * connect runs into its connect timeout (a refused connection, by contrast, fails at once).
 */
public final class Blackhole implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Socket> queued = new ArrayList<>();

  public Blackhole() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    for (int i = 0; i < 64; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(listener.getLocalSocketAddress(), 300);
        queued.add(socket); // never accepted: it holds a place in the queue
      } catch (SocketTimeoutException full) {
        socket.close();
        return;
      }
    }
    close();
    throw new IllegalStateException("the accept queue never filled; cannot make a blackhole");
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : queued) {
      socket.close();
    }
    listener.close();
  }
}
