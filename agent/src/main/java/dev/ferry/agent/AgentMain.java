package dev.ferry.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code java -jar ferry-agent-all.jar <config.json>} (or {@code FERRY_AGENT_CONFIG}). */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    String configPath = args.length > 0 ? args[0] : System.getenv("FERRY_AGENT_CONFIG");
    if (configPath == null || configPath.isBlank()) {
      System.err.println("usage: ferry-agent <config.json>  (or set FERRY_AGENT_CONFIG)");
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

  /** Loads and validates everything, failing fast with a {@link ConfigException}. */
  public static AgentServer build(Path configFile) throws java.io.IOException {
    ObjectMapper json = new ObjectMapper();
    AgentConfig config = AgentConfig.load(configFile, json);
    ClusterPolicy policy = ClusterPolicy.load(config.clusterFile(), json);
    policy.warnings().forEach(w -> Log.event("warn", "config", w));
    HostManifest manifest = HostManifest.load(config.manifestFile(), json, config.extraUnits());
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
