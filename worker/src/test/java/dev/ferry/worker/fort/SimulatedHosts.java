package dev.ferry.worker.fort;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.agent.protocol.FortProtocol;
import dev.ferry.agent.protocol.SshPublicKey;
import dev.ferry.agent.protocol.SshSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many light hosts behind one port for benchmarks: host {@code h} lives under {@code /h/<h>} and
 * speaks the agent's signed protocol (every request's SSHSIG is verified against Ferry's key, the
 * signed target being the path after the prefix). Manifests are served from memory, credential
 * writes and signals are counted.
 */
final class SimulatedHosts implements AutoCloseable {

  private final HttpServer server;
  private final SshPublicKey ferryKey;
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final AtomicInteger manifestReads = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger signals = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();

  SimulatedHosts(String ferryPublicKey) throws IOException {
    this.ferryKey = SshPublicKey.parse(ferryPublicKey);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.createContext("/h/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String url(String host) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/h/" + host;
  }

  void manifest(String host, String json) {
    manifests.put(host, json.getBytes(StandardCharsets.UTF_8));
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String raw = ex.getRequestURI().getRawPath();
      int slash = raw.indexOf('/', 3);
      String host = raw.substring(3, slash);
      String target =
          raw.substring(slash)
              + (ex.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + ex.getRequestURI().getRawQuery());
      byte[] body = ex.getRequestBody().readAllBytes();
      if (!authentic(ex, target, body)) {
        rejected.incrementAndGet();
        send(ex, 401, "{\"error\":\"signature verification failed\"}");
        return;
      }
      String path = raw.substring(slash);
      String method = ex.getRequestMethod();
      if (path.equals("/manifest")) {
        manifestReads.incrementAndGet();
        byte[] manifest = manifests.get(host);
        if (manifest == null) {
          send(ex, 404, "{\"error\":\"no such host\"}");
        } else {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, manifest.length);
          ex.getResponseBody().write(manifest);
        }
      } else if (path.startsWith("/credentials/") && method.equals("POST")) {
        writes.incrementAndGet();
        files.put(host + path, body);
        send(ex, 200, "{\"result\":\"written\"}");
      } else if (path.startsWith("/credentials/") && method.equals("DELETE")) {
        send(
            ex,
            200,
            files.remove(host + path) == null
                ? "{\"result\":\"absent\"}"
                : "{\"result\":\"deleted\"}");
      } else if (path.startsWith("/signal/")) {
        signals.incrementAndGet();
        send(ex, 200, "{\"result\":\"ok\"}");
      } else {
        send(ex, 404, "{\"error\":\"capability not found\"}");
      }
    }
  }

  private boolean authentic(HttpExchange ex, String target, byte[] body) {
    String timestamp = ex.getRequestHeaders().getFirst(FortProtocol.HEADER_TIMESTAMP);
    String signature = ex.getRequestHeaders().getFirst(FortProtocol.HEADER_SIGNATURE);
    if (timestamp == null
        || signature == null
        || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
      return false;
    }
    try {
      SshSignature.verify(
          Base64.getDecoder().decode(signature),
          ferryKey,
          FortProtocol.NAMESPACE,
          FortProtocol.canonicalBytes(ex.getRequestMethod(), target, timestamp, body));
      return true;
    } catch (SshSignature.VerificationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
