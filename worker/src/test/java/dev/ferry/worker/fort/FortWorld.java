package dev.ferry.worker.fort;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.agent.RecordingServiceManager;
import dev.ferry.agent.ServiceManager;
import dev.ferry.agent.testing.TestAgent;
import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.CertificateAuthorities;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.SigningKeys;
import dev.ferry.fort.workflow.CycleReport;
import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.forgejo.ForgejoSandbox;
import dev.ferry.sandbox.pocketid.PocketIdSandbox;
import dev.ferry.sandbox.pocketid.PocketIdVersion;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.TestCsr;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One test cluster, wired as in production but on loopback: pocket-id and Forgejo sandboxes, a real
 * nginx behind the beacon's agent, real agents per host serving HTTPS with certificates
 * bootstrapped from the cluster CA (the host's key, a CSR, {@link AgentCertificates}), and the rows
 * the API would have written.
 */
final class FortWorld implements AutoCloseable {

  static final String DOMAIN = "example.test";
  static final String POCKET_ID_KEY = "pocket-id-test-key";
  static final String FORGEJO_USER = "forge-admin";
  static final String FORGEJO_PASSWORD = "forgejo-test-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  final String cluster = "c" + UUID.randomUUID().toString().substring(0, 8);
  final Path dir;
  final PocketIdSandbox pocketId;
  final ForgejoSandbox forgejo;
  final NginxProcess nginx;
  final TestAgent beacon;
  final SigningKeys.SigningKey signingKey = SigningKeys.generate("ferry@test");
  final CertificateAuthorities.PemCa ca =
      CertificateAuthorities.create("Test CA", Duration.ofDays(365), DOMAIN);
  final Map<String, TestAgent> agents = new LinkedHashMap<>();
  final List<String> runIds = new ArrayList<>();
  private final List<HttpServer> upstreams = new ArrayList<>();
  private final FortClusterRepository clusters;
  private final AgentCertificates certificates;
  private final WorkflowClient client;

  FortWorld(
      FortClusterRepository clusters,
      SecretStore secrets,
      AgentCertificates certificates,
      WorkflowClient client,
      int removalGraceSeconds)
      throws Exception {
    this(clusters, secrets, certificates, client, removalGraceSeconds, PocketIdVersion.V2_14);
  }

  FortWorld(
      FortClusterRepository clusters,
      SecretStore secrets,
      AgentCertificates certificates,
      WorkflowClient client,
      int removalGraceSeconds,
      PocketIdVersion pocketIdVersion)
      throws Exception {
    this.clusters = clusters;
    this.certificates = certificates;
    this.client = client;
    this.dir = Files.createTempDirectory("fort-" + cluster);
    this.pocketId = new PocketIdSandbox(POCKET_ID_KEY, pocketIdVersion).start(0);
    this.forgejo = new ForgejoSandbox().start(0);
    forgejo.addUser(FORGEJO_USER, FORGEJO_PASSWORD);
    Path beaconDir = dir.resolve("beacon");
    this.nginx = NginxProcess.start(beaconDir.resolve("creds/proxy"));
    clusters.insert(
        new FortCluster(
            cluster,
            DOMAIN,
            pocketId.baseUrl(),
            secrets.seal("test", POCKET_ID_KEY),
            forgejo.baseUrl(),
            FORGEJO_USER,
            secrets.seal("test", FORGEJO_PASSWORD),
            ca.certificatePem(),
            secrets.seal("test", ca.privateKeyPem()),
            "beacon",
            nginx.port(),
            nginx.tlsPort(),
            beaconDir.resolve("creds/proxy").toAbsolutePath().toString(),
            secrets.seal("test", signingKey.privateKeyPem()),
            signingKey.publicKeyLine(),
            60,
            removalGraceSeconds,
            30 * 86400,
            90,
            24,
            null));
    this.beacon =
        agent(
            beaconDir,
            "beacon",
            manifest(),
            recorder -> new NginxServiceManager(nginx, recorder),
            nginx.testCommand());
    register(beacon);
  }

  /**
   * A Fort suite's Spring properties: its own database and Temporal namespace, and a secret key.
   */
  static void register(DynamicPropertyRegistry registry, DevServerNamespace temporal) {
    String database = TestDatabase.newDatabaseUrl();
    registry.add("spring.datasource.url", () -> database);
    registry.add("spring.temporal.connection.target", temporal::target);
    registry.add("spring.temporal.namespace", temporal::name);
    registry.add("ferry.secrets.keys", () -> TestKeys.newKey("k1"));
  }

  /** Starts (or replaces) a host's agent with this manifest and registers it. */
  TestAgent host(String name, String manifestJson) throws IOException {
    TestAgent previous = agents.remove(name);
    if (previous != null) {
      previous.close();
    }
    TestAgent agent = agent(dir.resolve(name), name, manifestJson, recorder -> recorder, null);
    agents.put(name, agent);
    register(agent);
    return agent;
  }

  /**
   * A real agent for {@code host} that trusts Ferry's signing key and holds every credential type;
   * {@code proxyCheck} (the beacon's {@code nginx -t}) checks proxy entries when not null.
   */
  private TestAgent agent(
      Path agentDir,
      String host,
      String manifestJson,
      Function<RecordingServiceManager, ServiceManager> serviceManager,
      List<String> proxyCheck)
      throws IOException {
    ObjectNode config = TestAgent.baseConfig(host);
    Path tlsDir = agentDir.resolve("creds/agent-tls/" + AgentCertificates.SERVICE);
    bootstrapCertificate(host, tlsDir);
    TestAgent.useTls(config, tlsDir.resolve("fullchain.pem"), tlsDir.resolve("key.pem"));
    ObjectNode types = config.putObject("credentialTypes");
    types.putObject("agent-tls").put("root", "creds/agent-tls").put("manifestService", false);
    types.putObject("oidc").put("root", "creds/oidc");
    types.putObject("tls").put("root", "creds/tls");
    types.putObject("git").put("root", "creds/git").put("manifestService", false);
    ObjectNode proxy =
        types.putObject("proxy").put("root", "creds/proxy").put("manifestService", false);
    if (proxyCheck != null) {
      proxyCheck.forEach(proxy.putArray("check")::add);
    }
    return new TestAgent(
        agentDir,
        config,
        Map.of("ferry", Map.entry(signingKey.publicKeyLine(), List.of("credential-provider"))),
        manifestJson,
        serviceManager);
  }

  /**
   * What {@code ferry fort agent-cert} does on a host: a key made there, a CSR signed by the
   * cluster CA through the API's service, the chain and key in the agent's TLS files.
   */
  private void bootstrapCertificate(String host, Path tlsDir) throws IOException {
    FortHost placeholder =
        new FortHost(cluster, host, "https://127.0.0.1:1", "127.0.0.1", "ssh-ed25519 AAAA host");
    clusters.upsertHost(placeholder);
    KeyPair keys = TestCsr.ecKeyPair();
    AgentCertificates.Issued issued =
        certificates.issue(
            clusters.find(cluster).orElseThrow(), placeholder, TestCsr.pem(keys, "CN=" + host));
    Files.createDirectories(tlsDir);
    Files.writeString(tlsDir.resolve("fullchain.pem"), issued.certificatePem());
    Files.writeString(tlsDir.resolve("key.pem"), CertificateAuthorities.pem(keys.getPrivate()));
  }

  /** A host whose agent does not answer (nothing listens on its port). */
  void unreachableHost(String name) throws IOException {
    int port = dev.ferry.testing.TemporalDevServer.freePort();
    clusters.upsertHost(
        new FortHost(
            cluster, name, "https://127.0.0.1:" + port, "127.0.0.1", "ssh-ed25519 AAAA x"));
  }

  /** A plain HTTP service answering {@code hello from <name>}; returns its port. */
  int upstream(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ("hello from " + name).getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    upstreams.add(server);
    return server.getAddress().getPort();
  }

  /**
   * A request to {@code https://<name>/} through the beacon's nginx (the name resolved to
   * loopback), trusting only the cluster CA; retried briefly, nginx reloads asynchronously.
   */
  String https(String name) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(ca.certificatePem().getBytes())));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    OkHttpClient https =
        new OkHttpClient.Builder()
            .sslSocketFactory(tls.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0])
            .dns(host -> List.of(InetAddress.getLoopbackAddress()))
            .build();
    String last = "";
    for (int attempt = 0; attempt < 100; attempt++) {
      try (Response response =
          https
              .newCall(
                  new Request.Builder()
                      .url("https://" + name + ":" + nginx.tlsPort() + "/")
                      .build())
              .execute()) {
        last = response.code() + " " + response.body().string();
        if (response.code() == 200) {
          return last.substring(4);
        }
      } catch (java.io.IOException e) {
        last = e.toString(); // nothing listens on the TLS port before the first entry loads
      }
      Thread.sleep(100);
    }
    return last;
  }

  CycleReport cycle() {
    String id = "fort-cycle/" + cluster + "/" + runIds.size();
    ReconcileClusterWorkflow wf =
        client.newWorkflowStub(
            ReconcileClusterWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setWorkflowExecutionTimeout(Duration.ofSeconds(45))
                .build());
    runIds.add(id);
    return wf.reconcile(cluster);
  }

  /** Manifest JSON; each service is {name, port, visibility, ssoMode[, sso groups...]}. */
  static String manifest(Object[]... services) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("apps");
    root.putArray("aspects");
    root.putArray("roles");
    ArrayNode list = root.putArray("services");
    for (Object[] s : services) {
      ObjectNode n =
          list.addObject()
              .put("name", (String) s[0])
              .put("port", (Integer) s[1])
              .put("visibility", (String) s[2]);
      ObjectNode sso = n.putObject("sso").put("mode", (String) s[3]);
      ArrayNode groups = sso.putArray("groups");
      for (int i = 4; i < s.length; i++) {
        groups.add((String) s[i]);
      }
    }
    return root.toString();
  }

  static String withGitToken(String manifestJson, String access) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(manifestJson);
    root.putObject("gitToken").put("access", access);
    return root.toString();
  }

  private void register(TestAgent agent) {
    clusters.upsertHost(
        new FortHost(
            cluster, agent.host(), agent.uri().toString(), "127.0.0.1", "ssh-ed25519 AAAA host"));
  }

  @Override
  public void close() {
    agents.values().forEach(TestAgent::close);
    beacon.close();
    nginx.close();
    upstreams.forEach(s -> s.stop(0));
    pocketId.close();
    forgejo.close();
  }
}
