package dev.ferry.agent;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.ferry.agent.tls.ReloadingKeyManager;
import dev.ferry.agent.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTPS (or, when configured, plain HTTP) side: a fixed pool of workers, a bounded queue, and
 * the request pipeline on every path.
 */
public final class AgentServer implements AutoCloseable {
  /**
   * Connections queued beyond the workers; more than this and the JDK server closes the connection.
   */
  private static final int QUEUE_CAPACITY = 1024;

  static {
    // must be set before the JDK server's config class loads; see docs/agent/README.md "Limits"
    setIfAbsent("sun.net.httpserver.maxReqTime", "30"); // seconds to send headers+body
    setIfAbsent("sun.net.httpserver.nodelay", "true"); // small responses: no Nagle delay
    setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
    setIfAbsent("sun.net.httpserver.maxReqHeaderSize", "16384");
    setIfAbsent("jdk.httpserver.maxConnections", "512");
    setIfAbsent("sun.net.httpserver.idleInterval", "30");
  }

  /** How often the certificate and key files are checked for a change. */
  private static final long TLS_CHECK_SECONDS = 2;

  private final HttpServer server;
  private final ReloadingKeyManager keys;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AuditLog audit;

  public AgentServer(
      AgentConfig config,
      ClusterPolicy policy,
      HostManifest manifest,
      ServiceManager services,
      java.io.PrintStream auditStream)
      throws IOException {
    this(
        config,
        policy,
        manifest,
        services,
        auditStream == null ? AuditLog.open(config.auditLog()) : AuditLog.to(auditStream));
  }

  private AgentServer(
      AgentConfig config,
      ClusterPolicy policy,
      HostManifest manifest,
      ServiceManager services,
      AuditLog audit)
      throws IOException {
    this.audit = audit;
    ReplayCache replayCache =
        new ReplayCache(config.limits().maxReplayEntries(), 2 * config.maxSkewSeconds() + 2);
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("agent-timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.scheduleWithFixedDelay(
        () -> replayCache.prune(System.currentTimeMillis() / 1000), 1, 1, TimeUnit.SECONDS);
    int n = config.limits().workerThreads();
    this.workers =
        new ThreadPoolExecutor(
            n,
            n,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            daemonThreads("agent-worker"),
            new ThreadPoolExecutor.AbortPolicy());
    Endpoints endpoints = new Endpoints(config, manifest, policy, services, scheduler, audit);
    RequestPipeline pipeline =
        new RequestPipeline(
            config,
            policy,
            manifest,
            replayCache,
            audit,
            endpoints,
            scheduler,
            System.currentTimeMillis() / 1000);
    InetSocketAddress address = new InetSocketAddress(config.listenAddress(), config.port());
    if (config.tls() == null) {
      this.keys = null;
      this.server = HttpServer.create(address, 128);
    } else {
      this.keys = keyManager(config.tls());
      HttpsServer https = HttpsServer.create(address, 128);
      try {
        https.setHttpsConfigurator(TlsContext.configurator(keys));
      } catch (GeneralSecurityException e) {
        throw new IOException("TLS is not available: " + e.getMessage(), e);
      }
      this.server = https;
      scheduler.scheduleWithFixedDelay(
          keys::reloadIfChanged, TLS_CHECK_SECONDS, TLS_CHECK_SECONDS, TimeUnit.SECONDS);
    }
    server.createContext("/", pipeline);
    server.setExecutor(workers);
  }

  public AgentServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https}, or {@code http} when the config asked for plain HTTP. */
  public String scheme() {
    return keys == null ? "http" : "https";
  }

  /** Re-reads the certificate and key now if they changed (the server also does so every 2 s). */
  public boolean reloadTls() {
    return keys != null && keys.reloadIfChanged();
  }

  private static ReloadingKeyManager keyManager(AgentConfig.Tls tls) {
    try {
      return new ReloadingKeyManager(
          tls.certFile(), tls.keyFile(), message -> Log.event("info", "tls", message));
    } catch (IOException e) {
      throw new ConfigException("tls: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    scheduler.shutdownNow();
    try {
      audit.close();
    } catch (IOException e) {
      // closing an append-only log: nothing to recover
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
