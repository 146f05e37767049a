package dev.ferry.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.AgentConfig;
import dev.ferry.agent.AgentServer;
import dev.ferry.agent.ClusterPolicy;
import dev.ferry.agent.HostManifest;
import dev.ferry.agent.RecordingServiceManager;
import dev.ferry.agent.ServiceManager;
import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.protocol.Digests;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real Ferry agent in-process on a free loopback port: its config, cluster and manifest files in
 * its own directory, a recording service manager and the audit log in memory. It speaks plain HTTP
 * ({@code insecureHttp}, allowed on loopback) unless the config was given {@link #useTls}; then
 * {@link #http} trusts the agent's own certificate file for the agent's host name.
 */
public final class TestAgent implements AutoCloseable {

  /** The manifest of the {@linkplain #TestAgent(Path, Map, Consumer) standard agent}. */
  public static final String MANIFEST =
      """
            {"apps":["forgejo"],"aspects":["mesh"],"roles":["forge"],
             "services":[{"name":"git","subdomain":"git","port":3001,"visibility":"public",
                          "sso":{"mode":"oidc","restart":"forgejo-oidc-setup.service"}},
                         {"name":"wiki","sso":{"mode":"oidc"}}]}""";

  private static final ObjectMapper JSON = new ObjectMapper();

  public final Path dir;
  public final Path fileRoot;
  public final Path stateDir;
  public final RecordingServiceManager services;
  public final AgentServer server;

  /** A client for this agent: over TLS it trusts the agent's certificate file for its host. */
  public final HttpClient http;

  public final ObjectMapper json = JSON;
  private final AgentConfig config;
  private final ByteArrayOutputStream auditBytes = new ByteArrayOutputStream();

  /**
   * The standard agent for the agent's own tests: host {@code ursula}, {@link #MANIFEST}, an {@code
   * oidc} root {@code fort-auth}, an {@code ssl} root, the file read root {@code readable} and
   * small limits; {@code configTweak} (may be null) edits the config before start.
   *
   * @param principals name → (public key line, roles)
   */
  public TestAgent(
      Path dir,
      Map<String, Map.Entry<String, List<String>>> principals,
      Consumer<ObjectNode> configTweak)
      throws IOException {
    this(dir, standardConfig(configTweak), principals, MANIFEST, recorder -> recorder);
  }

  /**
   * An agent with this config (start from {@link #baseConfig}), principals (name → (public key
   * line, roles)) and manifest; {@code serviceManager} may wrap the recorder.
   */
  public TestAgent(
      Path dir,
      ObjectNode config,
      Map<String, Map.Entry<String, List<String>>> principals,
      String manifestJson,
      Function<RecordingServiceManager, ServiceManager> serviceManager)
      throws IOException {
    this.dir = dir;
    this.fileRoot = dir.resolve("readable"); // the standard agent's file read root
    this.stateDir = dir.resolve("state");
    Files.createDirectories(stateDir);
    ObjectNode cluster = JSON.createObjectNode();
    ObjectNode ps = cluster.putObject("principals");
    principals.forEach(
        (name, p) -> {
          ObjectNode n = ps.putObject(name);
          n.put("publicKey", p.getKey());
          n.putArray("roles")
              .addAll(p.getValue().stream().map(JSON.getNodeFactory()::textNode).toList());
        });
    Files.writeString(dir.resolve("cluster.json"), cluster.toString());
    Files.writeString(dir.resolve("manifest.json"), manifestJson);
    Files.writeString(dir.resolve("agent.json"), config.toString());
    this.config = AgentConfig.load(dir.resolve("agent.json"));
    for (AgentConfig.CredentialType type : this.config.credentialTypes().values()) {
      Files.createDirectories(type.root());
    }
    for (Path root : this.config.fileReadRoots()) {
      Files.createDirectories(root);
    }
    this.http =
        this.config.tls() == null
            ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(HostTrust.context(this.config.tls().certFile(), this.config.host()))
                .build();
    ClusterPolicy policy = ClusterPolicy.load(this.config.clusterFile());
    HostManifest manifest = HostManifest.load(this.config.manifestFile(), this.config.extraUnits());
    this.services = new RecordingServiceManager(stateDir);
    this.server =
        new AgentServer(
                this.config,
                policy,
                manifest,
                serviceManager.apply(services),
                new PrintStream(auditBytes, true, StandardCharsets.UTF_8))
            .start();
  }

  /**
   * What every test agent needs: loopback on a free port, plain HTTP (switch to TLS with {@link
   * #useTls}), the files this class writes, a recording service manager, nginx as an extra unit,
   * and timestamps from before its start accepted.
   */
  public static ObjectNode baseConfig(String host) {
    ObjectNode config =
        JSON.createObjectNode()
            .put("host", host)
            .put("clusterFile", "cluster.json")
            .put("manifestFile", "manifest.json")
            .put("stateDir", "state")
            .put("serviceManager", "recording")
            .put("rejectPreStartTimestamps", false)
            .put("insecureHttp", true);
    config.putObject("listen").put("address", "127.0.0.1").put("port", 0);
    config.putArray("extraUnits").add("nginx");
    return config;
  }

  /**
   * Switches a config (e.g. from {@link #baseConfig}) to HTTPS with this PEM certificate chain
   * (leaf first) and private key; returns it for chaining.
   */
  public static ObjectNode useTls(ObjectNode config, Path certFile, Path keyFile) {
    config.remove("insecureHttp");
    config
        .putObject("tls")
        .put("certFile", certFile.toAbsolutePath().toString())
        .put("keyFile", keyFile.toAbsolutePath().toString());
    return config;
  }

  private static ObjectNode standardConfig(Consumer<ObjectNode> tweak) {
    ObjectNode config = baseConfig("ursula");
    ObjectNode types = config.putObject("credentialTypes");
    types.putObject("oidc").put("root", "fort-auth");
    types.putObject("ssl").put("root", "ssl").put("manifestService", false).put("mode", "0640");
    config.putArray("fileReadRoots").add("readable");
    config
        .putObject("limits")
        .put("maxBodyBytes", 4096)
        .put("maxFileBytes", 1024)
        .put("bodyReadTimeoutMillis", 1000)
        .put("maxJournalLines", 50);
    if (tweak != null) {
      tweak.accept(config);
    }
    return config;
  }

  public String host() {
    return config.host();
  }

  public URI uri() {
    return URI.create(server.scheme() + "://127.0.0.1:" + server.port());
  }

  public AgentClient client(String origin, OpenSshPrivateKey key) {
    return new AgentClient(
        uri(), origin, key, http, java.time.Duration.ofSeconds(30), java.time.Clock.systemUTC());
  }

  /** The directory credentials of this type are written to. */
  public Path credentialRoot(String type) {
    return config.credentialTypes().get(type).root();
  }

  /** One credential file of a service. */
  public Path credential(String type, String service, String file) {
    return credentialRoot(type).resolve(service).resolve(file);
  }

  /** The service signals (reload, restart) the agent sent, in order. */
  public List<RecordingServiceManager.Signal> signals() {
    return services.signals();
  }

  public String audit() {
    synchronized (auditBytes) {
      return auditBytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** The Fort protocol's auth headers for a request exactly as given (no nonce added). */
  public static Map<String, String> signedHeaders(
      String origin, OpenSshPrivateKey key, String method, String target, String body, long ts) {
    String sig =
        Base64.getEncoder()
            .encodeToString(
                SshSignature.sign(
                    key,
                    FortProtocol.NAMESPACE,
                    FortProtocol.canonicalBytes(
                        method, target, Long.toString(ts), body.getBytes(StandardCharsets.UTF_8))));
    return Map.of(
        FortProtocol.HEADER_ORIGIN, origin,
        FortProtocol.HEADER_TIMESTAMP, Long.toString(ts),
        FortProtocol.HEADER_SIGNATURE, sig);
  }

  /** A signed request exactly as given (no nonce added), for pipeline tests. */
  public HttpResponse<String> signed(
      String method, String target, String body, String origin, OpenSshPrivateKey key, long ts)
      throws IOException, InterruptedException {
    return raw(method, target, body, signedHeaders(origin, key, method, target, body, ts));
  }

  public HttpResponse<String> raw(
      String method, String target, String body, Map<String, String> headers)
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

  /** Now in the protocol's timestamp unit (epoch seconds). */
  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /**
   * Every file below dir (except the state dir's logs) with its bytes' hash, to prove nothing
   * changed.
   */
  public Map<String, String> snapshot() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link->" + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p)) {
          out.put(rel, Digests.sha256Hex(Files.readAllBytes(p)));
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
