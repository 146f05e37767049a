package dev.ferry.agent.bench;

import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.testing.HostTrust;
import dev.ferry.agent.testing.TestAgent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * Load generator for signed {@code GET /status}: pre-signs every request (each needs its own
 * signature because of replay protection, so the target carries {@code ?n=<i>}), then drives
 * keep-alive connections with raw HTTP/1.1. Phases: warm-up, closed-loop throughput, and an
 * open-loop run at a fixed rate whose latencies are measured from each request's scheduled send
 * time (so a stall counts against every request queued behind it).
 *
 * <p>Usage: {@code LoadGenerator <port> <origin> <private-key-file> [connections] [seconds] [rate]
 * [ca-file host-name]}: with a CA file it speaks TLS (each connection one handshake, then
 * keep-alive), trusting that CA for that host name. Each phase prints its start and end (epoch
 * milliseconds) so the caller can match resident-memory samples to it.
 */
public final class LoadGenerator {
  private final int port;
  private final String origin;
  private final OpenSshPrivateKey key;
  private final SocketFactory sockets;

  private LoadGenerator(int port, String origin, OpenSshPrivateKey key, SocketFactory sockets) {
    this.port = port;
    this.origin = origin;
    this.key = key;
    this.sockets = sockets;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    SocketFactory sockets =
        args.length > 7
            ? HostTrust.context(Path.of(args[6]), args[7]).getSocketFactory()
            : SocketFactory.getDefault();
    LoadGenerator gen =
        new LoadGenerator(
            port, args[1], OpenSshPrivateKey.parse(Files.readString(Path.of(args[2]))), sockets);
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    int rate = args.length > 5 ? Integer.parseInt(args[5]) : 1000;

    System.out.println("warm-up: 30000 requests");
    gen.closedLoop(gen.presign(30_000, "w"), connections);

    // enough pre-signed requests for the throughput phase at up to ~15k req/s
    byte[][] tput = gen.presign(15_000 * seconds, "t");
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    long[] latencies = gen.closedLoop(tput, connections, seconds);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("phase throughput %d %d%n", startMillis, System.currentTimeMillis());
    System.out.printf(
        "throughput: %d requests on %d connections in %.1f s = %.0f req/s (p50 %.2f ms, p99 %.2f ms)%n",
        latencies.length,
        connections,
        elapsed,
        latencies.length / elapsed,
        pct(latencies, 50),
        pct(latencies, 99));

    byte[][] paced = gen.presign(rate * seconds, "p");
    long pacedStart = System.currentTimeMillis();
    long[] lat = gen.openLoop(paced, rate, connections);
    System.out.printf("phase paced %d %d%n", pacedStart, System.currentTimeMillis());
    System.out.printf(
        "at %d req/s for %d s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d requests)%n",
        rate, seconds, pct(lat, 50), pct(lat, 99), pct(lat, 99.9), pct(lat, 100), lat.length);
  }

  private byte[][] presign(int n, String tag) {
    long ts = TestAgent.now();
    byte[][] out = new byte[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              String target = "/status?n=" + tag + i;
              StringBuilder head =
                  new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: bench\r\n");
              TestAgent.signedHeaders(origin, key, "GET", target, "", ts)
                  .forEach((name, value) -> head.append(name + ": " + value + "\r\n"));
              out[i] = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            });
    return out;
  }

  private long[] closedLoop(byte[][] requests, int connections) throws Exception {
    return closedLoop(requests, connections, Integer.MAX_VALUE);
  }

  /** Each connection sends the next request as soon as the previous answer arrived. */
  private long[] closedLoop(byte[][] requests, int connections, int maxSeconds) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[requests.length];
    AtomicInteger done = new AtomicInteger();
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    Thread[] threads = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      threads[c] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Connection conn = new Connection(sockets, port)) {
                      int i;
                      while ((i = next.getAndIncrement()) < requests.length
                          && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        conn.exchange(requests[i]);
                        latencies[i] = System.nanoTime() - t0;
                        done.incrementAndGet();
                      }
                    } catch (IOException e) {
                      throw new RuntimeException(e);
                    }
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    return Arrays.stream(latencies).filter(l -> l > 0).toArray();
  }

  /**
   * Requests are due at fixed intervals; latency counts from when each was due, not when it was
   * sent.
   */
  private long[] openLoop(byte[][] requests, int rate, int connections) throws Exception {
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + 50_000_000L;
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[requests.length];
    AtomicLong failures = new AtomicLong();
    Thread[] threads = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      threads[c] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Connection conn = new Connection(sockets, port)) {
                      int i;
                      while ((i = next.getAndIncrement()) < requests.length) {
                        long due = start + i * intervalNanos;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                          LockSupport.parkNanos(wait);
                        }
                        if (conn.exchange(requests[i]) != 200) {
                          failures.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - due;
                      }
                    } catch (IOException e) {
                      throw new RuntimeException(e);
                    }
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failures.get() > 0) {
      System.out.println("non-200 answers: " + failures.get());
    }
    return latencies;
  }

  private static double pct(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int idx = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, idx)] / 1e6;
  }

  /** One keep-alive HTTP/1.1 connection; reads status line, headers and a Content-Length body. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(SocketFactory sockets, int port) throws IOException {
      socket = sockets.createSocket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      if (socket instanceof SSLSocket tls) {
        tls.startHandshake();
      }
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      StringBuilder line = new StringBuilder();
      int status = -1;
      int contentLength = 0;
      while (true) {
        line.setLength(0);
        int b;
        while ((b = in.read()) != '\n') {
          if (b < 0) {
            throw new IOException("connection closed");
          }
          if (b != '\r') {
            line.append((char) b);
          }
        }
        if (line.isEmpty()) {
          break;
        }
        if (status < 0) {
          status = Integer.parseInt(line.substring(9, 12));
        } else if (line.length() > 15
            && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
          contentLength = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.skipNBytes(contentLength);
      if (status != 200) {
        throw new IOException("unexpected status " + status);
      }
      return status;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
