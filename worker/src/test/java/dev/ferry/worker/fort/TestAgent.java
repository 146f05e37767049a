package dev.ferry.worker.fort;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.AgentConfig;
import dev.ferry.agent.AgentServer;
import dev.ferry.agent.ClusterPolicy;
import dev.ferry.agent.HostManifest;
import dev.ferry.agent.RecordingServiceManager;
import dev.ferry.agent.ServiceManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** A real Ferry agent in-process on a free port, with credential roots under its own directory. */
final class TestAgent implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  final String host;
  final Path dir;
  final RecordingServiceManager signals;
  private final AgentServer server;

  private TestAgent(String host, Path dir, RecordingServiceManager signals, AgentServer server) {
    this.host = host;
    this.dir = dir;
    this.signals = signals;
    this.server = server;
  }

  /**
   * Starts an agent for {@code host} trusting Ferry's key; {@code manager} may wrap the recorder
   * (beacon).
   */
  static TestAgent start(
      Path dir,
      String host,
      String ferryPublicKey,
      String manifestJson,
      Function<RecordingServiceManager, ServiceManager> manager)
      throws IOException {
    Files.createDirectories(dir);
    ObjectNode config =
        JSON.createObjectNode()
            .put("host", host)
            .put("clusterFile", "cluster.json")
            .put("manifestFile", "manifest.json")
            .put("stateDir", "state")
            .put("serviceManager", "recording")
            .put("rejectPreStartTimestamps", false);
    config.putObject("listen").put("address", "127.0.0.1").put("port", 0);
    ObjectNode types = config.putObject("credentialTypes");
    types.putObject("oidc").put("root", "creds/oidc");
    types.putObject("tls").put("root", "creds/tls");
    types.putObject("git").put("root", "creds/git").put("manifestService", false);
    types.putObject("proxy").put("root", "creds/proxy").put("manifestService", false);
    config.putArray("extraUnits").add("nginx");
    ObjectNode cluster = JSON.createObjectNode();
    cluster
        .putObject("principals")
        .putObject("ferry")
        .put("publicKey", ferryPublicKey)
        .putArray("roles")
        .add("credential-provider");
    Files.writeString(dir.resolve("manifest.json"), manifestJson);
    AgentConfig agentConfig = AgentConfig.fromJson(config, dir);
    RecordingServiceManager recorder = new RecordingServiceManager(dir.resolve("state"));
    AgentServer server =
        new AgentServer(
            agentConfig,
            ClusterPolicy.fromJson(cluster),
            HostManifest.fromJson(JSON.readTree(manifestJson), agentConfig.extraUnits()),
            manager.apply(recorder),
            new PrintStream(OutputStream.nullOutputStream()));
    return new TestAgent(host, dir, recorder, server.start());
  }

  static TestAgent start(Path dir, String host, String ferryPublicKey, String manifestJson)
      throws IOException {
    return start(dir, host, ferryPublicKey, manifestJson, r -> r);
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  Path credential(String type, String service, String file) {
    return dir.resolve("creds").resolve(type).resolve(service).resolve(file);
  }

  Path proxyRoot() {
    return dir.resolve("creds/proxy");
  }

  List<RecordingServiceManager.Signal> signals() {
    return signals.signals();
  }

  @Override
  public void close() {
    server.close();
  }
}
