package dev.ferry.worker.fort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.testing.HostTrust;
import dev.ferry.agent.testing.TestAgent;
import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.AuditEntry;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.Fulfilment;
import dev.ferry.fort.workflow.CycleReport;
import dev.ferry.fort.workflow.FulfilHostWorkflow;
import dev.ferry.platform.codec.EncryptionCodec;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.sandbox.pocketid.PocketIdSandbox;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.HistoryPayloads;
import dev.ferry.worker.FerryWorkerApplication;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The providers end to end: real worker, Temporal dev server, PostgreSQL, agents, sandboxes and
 * nginx.
 */
@SpringBootTest(
    classes = FerryWorkerApplication.class,
    properties = {"server.port=0", "ferry.fort.agent-timeout=3s"})
class FortReconcileTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    FortWorld.register(registry, TEMPORAL);
  }

  private static final OkHttpClient HTTP =
      new OkHttpClient.Builder().followRedirects(false).build();

  @Autowired FortClusterRepository clusters;
  @Autowired FortStateRepository state;
  @Autowired FortAuditLog audit;
  @Autowired SecretStore secrets;
  @Autowired AgentCertificates certificates;
  @Autowired SecretKeyring keyring;
  @Autowired WorkflowClient client;

  @Test
  void newOidcPublicServiceIsFulfilledInOneCycleAndTheNextCycleChangesNothing() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      int port = world.upstream("wiki");
      String staff = world.pocketId.addUserGroup("staff");
      TestAgent web =
          world.host(
              "web",
              FortWorld.withGitToken(
                  FortWorld.manifest(new Object[] {"wiki", port, "public", "oidc", "staff"}),
                  "ro"));
      world.unreachableHost("ghost");

      CycleReport first = world.cycle();

      assertThat(first.fulfilledHosts()).containsExactly("web");
      assertThat(first.unreachableHosts()).containsExactly("ghost");
      assertThat(first.failedHosts())
          .as(() -> "audit: " + audit.query(world.cluster, null, null, 50))
          .isEmpty();
      // OIDC: the pocket-id client's id and current secret are on the host, and its SSO unit
      // restarted
      PocketIdSandbox.Client oidc =
          world.pocketId.clientNamed("wiki." + FortWorld.DOMAIN).orElseThrow();
      assertThat(Files.readString(web.credential("oidc", "wiki", "client-id")))
          .isEqualTo(oidc.id());
      assertThat(Files.readString(web.credential("oidc", "wiki", "client-secret")))
          .isEqualTo(oidc.secret());
      assertThat(oidc.allowedUserGroupIds()).containsExactly(staff);
      assertThat(oidc.callbackUrls()).containsExactly("https://wiki.example.test/oauth2/callback");
      // and the host's nginx reloaded for the new certificate
      assertThat(web.signals())
          .extracting(s -> s.unit() + " " + s.action())
          .containsExactly("oauth2-proxy-wiki.service restart", "nginx.service reload");
      // TLS: a certificate for the public name, signed by the cluster CA
      X509Certificate cert = certificate(web.credential("tls", "wiki", "fullchain.pem"));
      cert.verify(certificate(world.ca.certificatePem()).getPublicKey());
      assertThat(cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
          .containsExactly("wiki.example.test");
      assertThat(Files.readString(web.credential("tls", "wiki", "key.pem")))
          .contains("PRIVATE KEY");
      // git token: the token Forgejo issued for this host
      assertThat(world.forgejo.tokens())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.name()).startsWith("ferry/" + world.cluster + "/web/ro/");
                assertThat(t.scopes()).containsExactly("read:repository");
              });
      String token = world.forgejo.tokens().getFirst().value();
      assertThat(Files.readString(web.credential("git", "forgejo", "deploy-token")))
          .isEqualTo(token);
      // beacon: a request through the real nginx reaches the service
      assertThat(world.beacon.signals())
          .extracting(s -> s.unit() + " " + s.action())
          .containsExactly("nginx.service reload");
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki");
      // health: the unreachable host is reported, the others read
      assertThat(state.health(world.cluster))
          .filteredOn(h -> h.host().equals("ghost"))
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.reachable()).isFalse();
                assertThat(h.lastFailure()).contains("manifest read failed");
              });
      assertThat(state.health(world.cluster))
          .filteredOn(h -> !h.host().equals("ghost"))
          .allSatisfy(h -> assertThat(h.reachable()).isTrue());
      assertThat(client.getOptions().getNamespace()).isEqualTo(TEMPORAL.name());
      var description = client.newUntypedWorkflowStub(world.runIds.getFirst()).describe();
      assertThat(
              description.getTypedSearchAttributes().get(FerrySearchAttributes.UNREACHABLE_HOSTS))
          .containsExactly("ghost");

      FileTime secretWritten =
          Files.getLastModifiedTime(web.credential("oidc", "wiki", "client-secret"));
      long pocketIdCalls = world.pocketId.totalRequests();
      CycleReport second = world.cycle();

      assertThat(second.fulfilledHosts()).isEmpty();
      assertThat(second.tasks()).isZero();
      assertThat(world.pocketId.totalRequests()).isEqualTo(pocketIdCalls);
      assertThat(web.signals()).hasSize(2);
      assertThat(world.beacon.signals()).hasSize(1);
      assertThat(Files.getLastModifiedTime(web.credential("oidc", "wiki", "client-secret")))
          .isEqualTo(secretWritten);
      assertThat(world.forgejo.tokens()).hasSize(1);

      // no secret in any history: cycles and the host run
      List<String> secretsToHide =
          List.of(
              oidc.secret(),
              token,
              FortWorld.POCKET_ID_KEY,
              FortWorld.FORGEJO_PASSWORD,
              pemBody(Files.readString(web.credential("tls", "wiki", "key.pem"))),
              pemBody(world.ca.privateKeyPem()),
              pemBody(world.signingKey.privateKeyPem()));
      List<String> runs = new ArrayList<>(world.runIds);
      runs.add(FulfilHostWorkflow.workflowId(world.cluster, "web"));
      EncryptionCodec codec = new EncryptionCodec(keyring);
      for (String run : runs) {
        String history = HistoryPayloads.decodedText(client.fetchHistory(run), codec);
        assertThat(history).contains(world.cluster);
        for (String secret : secretsToHide) {
          assertThat(history).doesNotContain(secret);
        }
      }
      // the audit names every action and no secret
      List<AuditEntry> entries = audit.query(world.cluster, "web", null, 100);
      assertThat(entries)
          .extracting(AuditEntry::action)
          .contains("oidc.create", "tls.issue", "git-token.issue", "proxy.configure");
      assertThat(entries)
          .allSatisfy(e -> secretsToHide.forEach(s -> assertThat(e.detail()).doesNotContain(s)));
    }
  }

  @Test
  void rotationReissuesRedeliversAndRestarts() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      TestAgent web =
          world.host(
              "web",
              FortWorld.manifest(new Object[] {"wiki", world.upstream("wiki"), "vpn", "oidc"}));
      world.cycle();
      String firstSecret = Files.readString(web.credential("oidc", "wiki", "client-secret"));
      String firstCert = Files.readString(web.credential("tls", "wiki", "fullchain.pem"));
      String clientId = Files.readString(web.credential("oidc", "wiki", "client-id"));

      assertThat(state.requestRotation(world.cluster, "web", "wiki")).isEqualTo(2);
      CycleReport rotation = world.cycle();

      assertThat(rotation.fulfilledHosts()).containsExactly("web");
      String secondSecret = Files.readString(web.credential("oidc", "wiki", "client-secret"));
      assertThat(secondSecret)
          .isNotEqualTo(firstSecret)
          .isEqualTo(world.pocketId.clientNamed("wiki.example.test").orElseThrow().secret());
      assertThat(Files.readString(web.credential("oidc", "wiki", "client-id"))).isEqualTo(clientId);
      assertThat(Files.readString(web.credential("tls", "wiki", "fullchain.pem")))
          .isNotEqualTo(firstCert);
      assertThat(web.signals())
          .extracting(s -> s.unit() + " " + s.action())
          .containsExactly(
              "oauth2-proxy-wiki.service restart",
              "nginx.service reload",
              "oauth2-proxy-wiki.service restart",
              "nginx.service reload");
      assertThat(world.cycle().tasks()).isZero();
      assertThat(audit.query(world.cluster, "web", "wiki", 100))
          .extracting(AuditEntry::action)
          .contains("oidc.rotate");
    }
  }

  @Test
  void servicesGoneFromTheManifestAreRevoked() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 0)) {
      int port = world.upstream("wiki");
      Object[] wiki = {"wiki", port, "public", "oidc"};
      Object[] api = {"api", world.upstream("api"), "vpn", "none"};
      TestAgent web = world.host("web", FortWorld.manifest(wiki, api));
      world.cycle();
      assertThat(world.https("wiki.example.test")).isEqualTo("hello from wiki");
      assertThat(world.pocketId.clients()).hasSize(1);

      web =
          world.host(
              "web", FortWorld.manifest(api)); // wiki left the manifest; the grace period is 0
      CycleReport removal = world.cycle();

      assertThat(removal.fulfilledHosts()).containsExactly("web");
      assertThat(world.pocketId.clients()).isEmpty();
      assertThat(web.credential("oidc", "wiki", "client-id")).doesNotExist();
      assertThat(web.credential("tls", "wiki", "fullchain.pem")).doesNotExist();
      assertThat(web.credential("tls", "api", "fullchain.pem")).exists();
      assertThat(world.beacon.credentialRoot("proxy").resolve("wiki.web")).doesNotExist();
      assertThat(throughBeaconStatus(world, "wiki.example.test")).isEqualTo(404);
      assertThat(state.fulfilments(world.cluster, "web"))
          .extracting(Fulfilment::service)
          .containsOnly("api", AgentCertificates.SERVICE); // the agent's certificate stays
      assertThat(audit.query(world.cluster, "web", "wiki", 100))
          .extracting(AuditEntry::action)
          .contains("oidc.revoke", "tls.revoke", "proxy.remove");
      assertThat(world.cycle().tasks()).isZero();
    }
  }

  @Test
  void removalWaitsForTheGracePeriod() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      world.host(
          "web", FortWorld.manifest(new Object[] {"wiki", world.upstream("wiki"), "vpn", "oidc"}));
      world.cycle();
      TestAgent web = world.host("web", FortWorld.manifest());

      assertThat(world.cycle().tasks()).isZero();
      assertThat(web.credential("oidc", "wiki", "client-id")).exists();
      assertThat(world.pocketId.clients()).hasSize(1);
      assertThat(state.fulfilments(world.cluster, "web"))
          .filteredOn(f -> !f.need().equals(AgentCertificates.NEED))
          .isNotEmpty()
          .allSatisfy(f -> assertThat(f.goneSince()).isNotNull());
    }
  }

  @Test
  void anExpiringAgentCertificateIsRenewedThroughTheAgentWhichThenServesIt() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      TestAgent web = world.host("web", FortWorld.manifest());
      Fulfilment bootstrap =
          state
              .fulfilment(world.cluster, "web", AgentCertificates.SERVICE, AgentCertificates.NEED)
              .orElseThrow();
      assertThat(servedSerial(world, web)).isEqualTo(bootstrap.remoteId());
      assertThat(world.cycle().tasks()).as("a fresh certificate is left alone").isZero();
      // a day left: inside the cluster's 30-day renewal window
      state.fulfilled(
          world.cluster,
          "web",
          AgentCertificates.SERVICE,
          AgentCertificates.NEED,
          bootstrap.fingerprint(),
          bootstrap.remoteId(),
          OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));

      CycleReport renewal = world.cycle();

      assertThat(renewal.fulfilledHosts()).containsExactly("web");
      assertThat(renewal.failedHosts()).isEmpty();
      Fulfilment renewed =
          state
              .fulfilment(world.cluster, "web", AgentCertificates.SERVICE, AgentCertificates.NEED)
              .orElseThrow();
      assertThat(renewed.remoteId()).isNotEqualTo(bootstrap.remoteId());
      assertThat(renewed.expiresAt()).isAfter(OffsetDateTime.now().plusDays(80));
      X509Certificate written = certificate(web.credential("agent-tls", "agent", "fullchain.pem"));
      written.verify(certificate(world.ca.certificatePem()).getPublicKey());
      assertThat(written.getSerialNumber().toString(16)).isEqualTo(renewed.remoteId());
      assertThat(
              written.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
          .containsExactly("web.fort.example.test");
      // the agent re-reads its files (every 2 s) and serves the new pair; Ferry's client accepts it
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (!servedSerial(world, web).equals(renewed.remoteId()) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(servedSerial(world, web)).isEqualTo(renewed.remoteId());
      CycleReport after = world.cycle();
      assertThat(after.unreachableHosts()).isEmpty();
      assertThat(after.tasks()).isZero();
      String key = pemBody(Files.readString(web.credential("agent-tls", "agent", "key.pem")));
      EncryptionCodec codec = new EncryptionCodec(keyring);
      assertThat(
              HistoryPayloads.decodedText(
                  client.fetchHistory(FulfilHostWorkflow.workflowId(world.cluster, "web")), codec))
          .contains("agent-tls")
          .doesNotContain(key);
    }
  }

  /**
   * The serial (hex) of the certificate the agent serves now, checked as Ferry checks it: the
   * cluster CA and the host's agent name.
   */
  private static String servedSerial(FortWorld world, TestAgent agent) throws Exception {
    Path ca = Files.writeString(world.dir.resolve("cluster-ca.pem"), world.ca.certificatePem());
    SSLContext context = HostTrust.context(ca, agent.host() + ".fort." + FortWorld.DOMAIN);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", agent.uri().getPort())) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
          .getSerialNumber()
          .toString(16);
    }
  }

  @Test
  void aRejectedProviderCallIsReportedWithoutBlockingTheHostsOtherNeeds() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      world.forgejo.addUser(FortWorld.FORGEJO_USER, "changed-behind-ferrys-back");
      TestAgent web =
          world.host(
              "web",
              FortWorld.withGitToken(
                  FortWorld.manifest(new Object[] {"api", world.upstream("api"), "vpn", "none"}),
                  "ro"));

      long start = System.nanoTime();
      CycleReport cycle = world.cycle();

      assertThat(cycle.failedHosts()).containsExactly("web");
      assertThat(System.nanoTime() - start)
          .as("bad credentials are not retried")
          .isLessThan(20_000_000_000L);
      assertThat(web.credential("tls", "api", "fullchain.pem")).exists();
      assertThat(web.credential("git", "forgejo", "deploy-token")).doesNotExist();
      assertThat(audit.query(world.cluster, "web", "forgejo", 10))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.outcome()).isEqualTo("failed");
                assertThat(e.detail()).contains("Forgejo answered 401");
              });
      assertThat(state.health(world.cluster))
          .filteredOn(h -> h.host().equals("web"))
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.reachable()).isTrue();
                assertThat(h.lastFailure()).contains("401");
              });
      // still unmet, so the next cycle tries again
      assertThat(world.cycle().tasks()).isEqualTo(1);
    }
  }

  /** The plain-HTTP answer for {@code host}, once it is not the entry's redirect any more. */
  private static int throughBeaconStatus(FortWorld world, String host) throws Exception {
    int status = 0;
    for (int attempt = 0; attempt < 100; attempt++) {
      try (Response response = HTTP.newCall(request(world, host)).execute()) {
        status = response.code();
      }
      if (status != 301) {
        return status;
      }
      Thread.sleep(100);
    }
    return status;
  }

  private static Request request(FortWorld world, String host) {
    return new Request.Builder()
        .url("http://127.0.0.1:" + world.nginx.port() + "/")
        .header("Host", host)
        .build();
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return certificate(Files.readString(pem));
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
  }

  /**
   * A line from the middle of a PEM body: enough to prove the key is absent without matching
   * headers.
   */
  private static String pemBody(String pem) {
    String[] lines = pem.split("\n");
    return lines[lines.length / 2];
  }
}
