package dev.ferry.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.protocol.FortProtocol;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SshSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An agent on loopback port 0 with temp-dir roots, a recording service manager and in-memory audit.
 */
final class TestAgent implements AutoCloseable {
  static final String MANIFEST =
      """
            {"apps":["forgejo"],"aspects":["mesh"],"roles":["forge"],
             "services":[{"name":"git","subdomain":"git","port":3001,"visibility":"public",
                          "sso":{"mode":"oidc","restart":"forgejo-oidc-setup.service"}},
                         {"name":"wiki","sso":{"mode":"oidc"}}]}""";

  final Path dir;
  final Path credRoot;
  final Path sslRoot;
  final Path fileRoot;
  final Path stateDir;
  final RecordingServiceManager services;
  final ByteArrayOutputStream auditBytes = new ByteArrayOutputStream();
  final AgentServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  /** principals: name → (public key line, roles) */
  TestAgent(
      Path dir,
      Map<String, Map.Entry<String, java.util.List<String>>> principals,
      Consumer<ObjectNode> configTweak)
      throws IOException {
    this.dir = dir;
    this.credRoot = dir.resolve("fort-auth");
    this.sslRoot = dir.resolve("ssl");
    this.fileRoot = dir.resolve("readable");
    this.stateDir = dir.resolve("state");
    Files.createDirectories(credRoot);
    Files.createDirectories(sslRoot);
    Files.createDirectories(fileRoot);
    Files.createDirectories(stateDir);
    ObjectNode cluster = json.createObjectNode();
    ObjectNode ps = cluster.putObject("principals");
    principals.forEach(
        (name, p) -> {
          ObjectNode n = ps.putObject(name);
          n.put("publicKey", p.getKey());
          n.putArray("roles")
              .addAll(p.getValue().stream().map(json.getNodeFactory()::textNode).toList());
        });
    Files.writeString(dir.resolve("cluster.json"), cluster.toString());
    Files.writeString(dir.resolve("manifest.json"), MANIFEST);
    ObjectNode cfg =
        (ObjectNode)
            json.readTree(
                """
                {"host":"ursula","listen":{"address":"127.0.0.1","port":0},
                 "clusterFile":"cluster.json","manifestFile":"manifest.json","stateDir":"state",
                 "credentialTypes":{"oidc":{"root":"fort-auth"},"ssl":{"root":"ssl","manifestService":false,"mode":"0640"}},
                 "fileReadRoots":["readable"],"extraUnits":["nginx"],"serviceManager":"recording",
                 "rejectPreStartTimestamps":false,
                 "limits":{"maxBodyBytes":4096,"maxFileBytes":1024,"bodyReadTimeoutMillis":1000,"maxJournalLines":50}}""");
    if (configTweak != null) {
      configTweak.accept(cfg);
    }
    Files.writeString(dir.resolve("agent.json"), cfg.toString());
    AgentConfig config = AgentConfig.load(dir.resolve("agent.json"), json);
    ClusterPolicy policy = ClusterPolicy.load(config.clusterFile(), json);
    HostManifest manifest = HostManifest.load(config.manifestFile(), json, config.extraUnits());
    this.services = new RecordingServiceManager(stateDir);
    this.server =
        new AgentServer(
                config,
                policy,
                manifest,
                services,
                new PrintStream(auditBytes, true, StandardCharsets.UTF_8))
            .start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  AgentClient client(String origin, OpenSshPrivateKey key) {
    return new AgentClient(uri(), origin, key);
  }

  String audit() {
    synchronized (auditBytes) {
      return auditBytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** A signed request exactly as given (no nonce added), for pipeline tests. */
  HttpResponse<String> signed(
      String method, String target, String body, String origin, OpenSshPrivateKey key, long ts)
      throws IOException, InterruptedException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String sig =
        Base64.getEncoder()
            .encodeToString(
                SshSignature.sign(
                    key,
                    FortProtocol.NAMESPACE,
                    FortProtocol.canonicalBytes(method, target, Long.toString(ts), b)));
    return raw(
        method,
        target,
        body,
        Map.of(
            FortProtocol.HEADER_ORIGIN, origin,
            FortProtocol.HEADER_TIMESTAMP, Long.toString(ts),
            FortProtocol.HEADER_SIGNATURE, sig));
  }

  HttpResponse<String> raw(String method, String target, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri() + target))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /**
   * Every file below dir (except the state dir's logs) with its bytes' hash, to prove nothing
   * changed.
   */
  Map<String, String> snapshot() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link->" + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p)) {
          out.put(rel, dev.ferry.agent.protocol.Digests.sha256Hex(Files.readAllBytes(p)));
        } else {
          out.put(rel, "dir");
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
