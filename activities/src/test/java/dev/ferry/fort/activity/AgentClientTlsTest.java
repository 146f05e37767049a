package dev.ferry.fort.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.testing.TestAgent;
import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.CertificateAuthorities;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterProvisioning;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.RemoteException;
import dev.ferry.testing.TestCsr;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Ferry's agent client authenticates the agent before it sends anything: real agents over TLS,
 * certificates issued by {@link AgentCertificates} from the cluster CA (or by another CA).
 */
class AgentClientTlsTest {

  @TempDir Path tmp;

  private final List<TestAgent> agents = new ArrayList<>();
  private FortClusterRepository clusters;
  private AgentCertificates certificates;
  private AgentClients clients;
  private FortCluster cluster;

  @BeforeEach
  void cluster() {
    DriverManagerDataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    SecretStore secrets =
        new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(TestKeys.newKey("k1"))));
    clusters = new FortClusterRepository(jdbc);
    certificates =
        new AgentCertificates(
            secrets,
            new FortStateRepository(jdbc, new JdbcTemplate(dataSource)),
            new FortAuditLog(jdbc));
    cluster =
        new FortClusterProvisioning(clusters, secrets, new DataSourceTransactionManager(dataSource))
            .create(
                new FortClusterProvisioning.NewCluster(
                    "alpha",
                    "alpha.test",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                c -> {});
    clients =
        new AgentClients(
            secrets, new FortProperties(null, Duration.ofSeconds(5), null, null, null, null));
  }

  @AfterEach
  void stop() {
    agents.forEach(TestAgent::close);
  }

  @Test
  void anAgentWithTheClusterCasCertificateForItsOwnNameIsServed() throws Exception {
    FortHost web1 = host("web-1");
    TestAgent agent = tlsAgent("web-1", issuedByTheCluster(web1));
    web1 = register(web1, agent);

    assertThat(clients.forHost(cluster, web1).manifest().path("host").asText()).isEqualTo("web-1");
    AgentClient.WriteResult written =
        clients
            .forHost(cluster, web1)
            .writeCredential("tls", "wiki", Map.of("key.pem", "secret".getBytes()));
    assertThat(written).isEqualTo(AgentClient.WriteResult.WRITTEN);
  }

  @Test
  void anAgentWhoseCertificateIsFromAnotherCaIsRefusedBeforeAnythingIsSent() throws Exception {
    FortHost web1 = host("web-1");
    // the right name, signed by a CA that is not the cluster's
    CertificateAuthorities.PemCa otherCa =
        CertificateAuthorities.create("Some other CA", Duration.ofDays(30), "alpha.test");
    KeyPair keys = CertificateAuthorities.newKeyPair();
    String leaf =
        CertificateAuthorities.pem(
            CertificateAuthorities.signServerCertificate(
                CertificateAuthorities.parseCertificate(otherCa.certificatePem()),
                CertificateAuthorities.parsePrivateKey(otherCa.privateKeyPem()),
                keys.getPublic(),
                List.of("web-1.fort.alpha.test"),
                java.time.Instant.now().plus(Duration.ofDays(1))));
    TestAgent impostor =
        tlsAgent(
            "web-1",
            pemFiles(
                "other-ca",
                leaf + otherCa.certificatePem(),
                CertificateAuthorities.pem(keys.getPrivate())));
    web1 = register(web1, impostor);

    assertRefused(web1, impostor, "is not from the trusted CA");
  }

  @Test
  void anAgentWithTheCertificateOfAnotherHostIsRefusedBeforeAnythingIsSent() throws Exception {
    FortHost web2 = host("web-2");
    TestAgent web2Agent = tlsAgent("web-2", issuedByTheCluster(web2));
    register(web2, web2Agent);
    // web-1's registered address answers with web-2's (valid, cluster-issued) certificate
    FortHost web1 = register(host("web-1"), web2Agent);

    assertRefused(web1, web2Agent, "is for [web-2.fort.alpha.test], not for web-1.fort.alpha.test");
  }

  @Test
  void credentialsAreNotSentOverPlainHttpToANetworkAddress() {
    FortHost remote =
        new FortHost("alpha", "web-3", "http://192.0.2.10:7443", "192.0.2.10", "ssh-ed25519 AAAA");
    assertThatThrownBy(
            () ->
                clients
                    .forHost(cluster, remote)
                    .writeCredential("tls", "wiki", Map.of("key.pem", "secret".getBytes())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("plain HTTP at 192.0.2.10", "only sent over TLS");
            });
  }

  private void assertRefused(FortHost host, TestAgent agent, String why) {
    AgentClient client = clients.forHost(cluster, host);
    String before = agent.audit();
    assertThatThrownBy(
            () -> client.writeCredential("tls", "wiki", Map.of("key.pem", "secret".getBytes())))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.TLS);
              assertThat(e.toFailure().isNonRetryable()).isTrue();
              assertThat(e.getMessage()).startsWith("agent web-1: TLS failure").contains(why);
            });
    assertThatThrownBy(client::manifest).hasMessageContaining(why);
    assertThat(agent.audit()).as("no request reached the agent").isEqualTo(before);
    assertThat(Files.exists(agent.credential("tls", "wiki", "key.pem"))).isFalse();
  }

  private FortHost host(String name) {
    return new FortHost("alpha", name, "https://127.0.0.1:1", "127.0.0.1", "ssh-ed25519 AAAA");
  }

  private FortHost register(FortHost host, TestAgent agent) {
    FortHost registered =
        new FortHost("alpha", host.name(), agent.uri().toString(), "127.0.0.1", host.publicKey());
    clusters.upsertHost(registered);
    return registered;
  }

  /** The agent's certificate as the bootstrap issues it: the host's own key, a CSR, the CA. */
  private Path[] issuedByTheCluster(FortHost host) throws IOException {
    clusters.upsertHost(host);
    KeyPair keys = TestCsr.ecKeyPair();
    AgentCertificates.Issued issued =
        certificates.issue(cluster, host, TestCsr.pem(keys, "CN=" + host.name()));
    return pemFiles(
        host.name(), issued.certificatePem(), CertificateAuthorities.pem(keys.getPrivate()));
  }

  private Path[] pemFiles(String name, String chain, String key) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("certs").resolve(name));
    Path cert = Files.writeString(dir.resolve("fullchain.pem"), chain, StandardCharsets.US_ASCII);
    Path keyFile = Files.writeString(dir.resolve("key.pem"), key, StandardCharsets.US_ASCII);
    return new Path[] {cert, keyFile};
  }

  private TestAgent tlsAgent(String host, Path[] certAndKey) throws IOException {
    ObjectNode config = TestAgent.useTls(TestAgent.baseConfig(host), certAndKey[0], certAndKey[1]);
    config.putObject("credentialTypes").putObject("tls").put("root", "creds/tls");
    TestAgent agent =
        new TestAgent(
            tmp.resolve("agent-" + host + "-" + agents.size()),
            config,
            Map.of(
                FortCluster.PRINCIPAL,
                Map.entry(cluster.signingPublicKey(), List.of("credential-provider"))),
            TestAgent.MANIFEST,
            recorder -> recorder);
    agents.add(agent);
    return agent;
  }
}
