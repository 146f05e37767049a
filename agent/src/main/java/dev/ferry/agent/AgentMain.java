package dev.ferry.agent;

import dev.ferry.agent.tls.PemIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar ferry-agent-all.jar <config.json>} (or {@code FERRY_AGENT_CONFIG}); {@code
 * --check-config <config.json>} validates and exits. Exit status 2: bad configuration.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--check-config")) {
      System.exit(checkConfig(Path.of(args[1])));
    }
    String configPath = args.length == 1 ? args[0] : System.getenv("FERRY_AGENT_CONFIG");
    if (args.length > 1 || configPath == null || configPath.isBlank()) {
      System.err.println(
          "usage: ferry-agent <config.json>  (or set FERRY_AGENT_CONFIG)\n"
              + "       ferry-agent --check-config <config.json>");
      System.exit(2);
    }
    AgentServer server;
    try {
      server = build(Path.of(configPath));
    } catch (ConfigException e) {
      System.err.println(
          "ferry-agent: bad configuration: " + e.getMessage()); // for a human at a terminal
      System.exit(2);
      return;
    }
    server.start();
    Log.event("info", "listening", server.scheme() + " port " + server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "agent-shutdown"));
    Thread.currentThread().join();
  }

  /**
   * {@code --check-config}: everything the start reads (config, cluster file, manifest, TLS pair),
   * without binding the port or writing anything; 0 when good, 2 with the message otherwise.
   */
  static int checkConfig(Path configFile) {
    try {
      AgentConfig config = AgentConfig.load(configFile);
      ClusterPolicy policy = ClusterPolicy.load(config.clusterFile());
      HostManifest.load(config.manifestFile(), config.extraUnits());
      if (config.tls() != null) {
        try {
          PemIdentity.load(config.tls().certFile(), config.tls().keyFile());
        } catch (IOException e) {
          throw new ConfigException("tls: " + e.getMessage());
        }
      }
      for (String w : policy.warnings()) {
        System.out.println("warning: " + w);
      }
      System.out.println("ferry-agent: configuration " + configFile + " is valid");
      return 0;
    } catch (ConfigException e) {
      System.err.println("ferry-agent: bad configuration: " + e.getMessage());
      return 2;
    }
  }

  /** Loads and validates everything, failing fast with a {@link ConfigException}. */
  public static AgentServer build(Path configFile) throws java.io.IOException {
    AgentConfig config = AgentConfig.load(configFile);
    ClusterPolicy policy = ClusterPolicy.load(config.clusterFile());
    for (String w : policy.warnings()) {
      Log.event("warn", "config", w);
    }
    HostManifest manifest = HostManifest.load(config.manifestFile(), config.extraUnits());
    Files.createDirectories(config.stateDir());
    if (config.insecureHttp()) {
      Log.event(
          "warn",
          "insecure-http",
          "serving plain HTTP on "
              + config.listenAddress()
              + ": requests, credentials included, travel unencrypted and the agent is not"
              + " authenticated to its callers");
    }
    ServiceManager services =
        "recording".equals(config.serviceManager())
            ? new RecordingServiceManager(config.stateDir())
            : new SystemdServiceManager();
    return new AgentServer(config, policy, manifest, services, null);
  }
}
