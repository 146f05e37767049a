package dev.ferry.worker.fort;

import dev.ferry.testing.TemporalDevServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on loopback as a child process: own prefix and config in a temp dir, {@code daemon
 * off}, free ports for HTTP and HTTPS, and every {@code <proxyRoot>/<entry>/server.conf} included.
 * {@link #reload()} is what the beacon agent's service manager runs for {@code nginx reload}, and
 * {@link #testCommand()} the agent's check of proxy entries ({@code nginx -t}).
 */
final class NginxProcess implements AutoCloseable {

  private final Path prefix;
  private final Path config;
  private final int port;
  private final int tlsPort;
  private final Process process;

  private NginxProcess(Path prefix, Path config, int port, int tlsPort, Process process) {
    this.prefix = prefix;
    this.config = config;
    this.port = port;
    this.tlsPort = tlsPort;
    this.process = process;
  }

  static String binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("nginx is not installed (apt-get install -y nginx)");
  }

  static NginxProcess start(Path proxyRoot) throws IOException, InterruptedException {
    Path prefix = Files.createTempDirectory("ferry-nginx-");
    Files.createDirectories(prefix.resolve("logs"));
    Files.createDirectories(proxyRoot);
    int port = TemporalDevServer.freePort();
    int tlsPort = TemporalDevServer.freePort();
    boolean root = "root".equals(System.getProperty("user.name"));
    String conf =
        """
        %s
        daemon off;
        worker_processes 1;
        pid %s/nginx.pid;
        error_log %s/logs/error.log warn;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path %s/client_body;
            proxy_temp_path %s/proxy;
            fastcgi_temp_path %s/fastcgi;
            uwsgi_temp_path %s/uwsgi;
            scgi_temp_path %s/scgi;
            server { listen %d default_server; return 404; }
            include %s/*/server.conf;
        }
        """
            .formatted(
                root ? "user root;" : "",
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                port,
                proxyRoot);
    Path config = prefix.resolve("nginx.conf");
    Files.writeString(config, conf);
    Process p =
        new ProcessBuilder(binary(), "-p", prefix.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
            .start();
    NginxProcess nginx = new NginxProcess(prefix, config, port, tlsPort, p);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(prefix.resolve("nginx.pid"))) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "nginx did not start: " + Files.readString(prefix.resolve("logs/stdout.log")));
      }
      Thread.sleep(50);
    }
    return nginx;
  }

  int port() {
    return port;
  }

  /** The HTTPS port the beacon's entries listen on (nothing listens before the first entry). */
  int tlsPort() {
    return tlsPort;
  }

  /** {@code nginx -t} on this instance's config, as the beacon agent's proxy check runs it. */
  List<String> testCommand() {
    return List.of(binary(), "-t", "-q", "-p", prefix.toString(), "-c", config.toString());
  }

  void reload() throws IOException {
    Process p =
        new ProcessBuilder(
                binary(), "-p", prefix.toString(), "-c", config.toString(), "-s", "reload")
            .redirectErrorStream(true)
            .start();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            "nginx -s reload failed: " + new String(p.getInputStream().readAllBytes()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
