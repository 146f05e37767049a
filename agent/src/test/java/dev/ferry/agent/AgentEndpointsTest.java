package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.client.AgentException;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.testing.SshKeygen;
import dev.ferry.agent.testing.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints through the client library, over real HTTP on loopback. */
class AgentEndpointsTest {
  @TempDir Path tmp;

  TestAgent agent;
  OpenSshPrivateKey forgeKey;
  OpenSshPrivateKey sandboxKey;
  AgentClient forge;
  AgentClient sandbox;

  @BeforeEach
  void start() throws Exception {
    SshKeygen.assumePresent();
    Path f = SshKeygen.generate(tmp, "forge", "ed25519");
    Path s = SshKeygen.generate(tmp, "sandbox", "ed25519");
    forgeKey = OpenSshPrivateKey.parse(Files.readString(f));
    sandboxKey = OpenSshPrivateKey.parse(Files.readString(s));
    agent =
        new TestAgent(
            Files.createDirectory(tmp.resolve("agent")),
            Map.of(
                "forge", Map.entry(SshKeygen.publicKey(f), List.of("credential-provider")),
                "ratched", Map.entry(SshKeygen.publicKey(s), List.of("dev-sandbox", "secrets"))),
            null);
    forge = agent.client("forge", forgeKey);
    sandbox = agent.client("ratched", sandboxKey);
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void manifestAndStatus() {
    JsonNode manifest = forge.manifest();
    assertThat(manifest.path("host").asText()).isEqualTo("ursula");
    assertThat(manifest.path("services").get(0).path("name").asText()).isEqualTo("git");
    assertThat(manifest.path("capabilities").toString()).contains("credentials:write", "file:read");
    JsonNode status = sandbox.status();
    assertThat(status.path("host").asText()).isEqualTo("ursula");
    assertThat(status.path("failedUnits").isArray()).isTrue();
    // forge (credential-provider) lacks status:query
    assertThatThrownBy(() -> forge.status())
        .isInstanceOf(AgentException.Forbidden.class)
        .hasMessage("not authorized for this capability");
  }

  @Test
  void credentialWritesAreAtomic0600AndReportUnchanged() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("client-id", "abc".getBytes(StandardCharsets.UTF_8));
    files.put("client-secret", "s3cr3t".getBytes(StandardCharsets.UTF_8));
    assertThat(forge.writeCredential("oidc", "wiki", files))
        .isEqualTo(AgentClient.WriteResult.WRITTEN);
    Path dir = agent.credentialRoot("oidc").resolve("wiki");
    assertThat(Files.readString(dir.resolve("client-secret"))).isEqualTo("s3cr3t");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("client-secret"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (var list = Files.list(dir)) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("client-id", "client-secret");
    }
    assertThat(forge.writeCredential("oidc", "wiki", files))
        .isEqualTo(AgentClient.WriteResult.UNCHANGED);
    files.put("client-secret", "rotated".getBytes(StandardCharsets.UTF_8));
    assertThat(forge.writeCredential("oidc", "wiki", files))
        .isEqualTo(AgentClient.WriteResult.WRITTEN);
    assertThat(Files.readString(dir.resolve("client-secret"))).isEqualTo("rotated");

    // ssl: the service segment is a domain, not a manifest service
    assertThat(forge.writeCredential("ssl", "example.org", Map.of("key.pem", new byte[] {1, 2, 3})))
        .isEqualTo(AgentClient.WriteResult.WRITTEN);
    assertThat(Files.readAllBytes(agent.credentialRoot("ssl").resolve("example.org/key.pem")))
        .containsExactly(1, 2, 3);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    agent.credentialRoot("ssl").resolve("example.org/key.pem"))))
        .isEqualTo("rw-r-----");

    // never a secret in the audit log
    assertThat(agent.audit())
        .doesNotContain("s3cr3t")
        .doesNotContain("rotated")
        .contains("\"capability\":\"credentials:write\"");
  }

  @Test
  void credentialDeleteWorksEvenForServicesGoneFromTheManifest() throws Exception {
    Path gone = Files.createDirectories(agent.credentialRoot("oidc").resolve("oldapp"));
    Files.writeString(gone.resolve("client-secret"), "x");
    assertThat(forge.deleteCredential("oidc", "oldapp"))
        .isEqualTo(AgentClient.DeleteResult.DELETED);
    assertThat(gone).doesNotExist();
    assertThat(forge.deleteCredential("oidc", "oldapp")).isEqualTo(AgentClient.DeleteResult.ABSENT);
    assertThatThrownBy(() -> sandbox.deleteCredential("oidc", "git"))
        .isInstanceOf(AgentException.Forbidden.class);
  }

  @Test
  void signalsGoToTheServiceManager() {
    forge.signal("wiki", "restart");
    forge.signal("forgejo-oidc-setup.service", "restart");
    forge.signal("nginx", "reload");
    assertThat(agent.services.signals())
        .containsExactly(
            new RecordingServiceManager.Signal("wiki.service", "restart"),
            new RecordingServiceManager.Signal("forgejo-oidc-setup.service", "restart"),
            new RecordingServiceManager.Signal("nginx.service", "reload"));
    assertThatThrownBy(() -> forge.signal("sshd", "restart"))
        .isInstanceOf(AgentException.NotFound.class)
        .hasMessage("service not on this host");
    assertThatThrownBy(() -> forge.signal("wiki", "stop"))
        .isInstanceOf(AgentException.class)
        .satisfies(e -> assertThat(((AgentException) e).status()).isEqualTo(400));
    assertThat(agent.services.signals()).hasSize(3);
  }

  @Test
  void journalBoundedAndFollowedAsServerSentEvents() throws Exception {
    Path journal = Files.createDirectories(agent.stateDir.resolve("journal"));
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 80; i++) {
      sb.append("line ").append(i).append('\n');
    }
    Files.writeString(journal.resolve("git.service.log"), sb);
    List<String> lines = sandbox.journal("git", 3);
    assertThat(lines).containsExactly("line 78", "line 79", "line 80");
    assertThatThrownBy(() -> sandbox.journal("git", 51))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("invalid lines");

    // follow mode: signed GET with follow=true, read the first events
    long ts = TestAgent.now();
    String target = "/journal/git?lines=2&follow=true";
    String sig =
        java.util.Base64.getEncoder()
            .encodeToString(
                dev.ferry.agent.protocol.SshSignature.sign(
                    sandboxKey,
                    "fort-agent",
                    dev.ferry.agent.protocol.FortProtocol.canonicalBytes(
                        "GET", target, Long.toString(ts), new byte[0])));
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(agent.uri() + target))
            .header("X-Fort-Origin", "ratched")
            .header("X-Fort-Timestamp", Long.toString(ts))
            .header("X-Fort-Signature", sig)
            .build();
    HttpResponse<java.util.stream.Stream<String>> r =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    var it = r.body().iterator();
    assertThat(it.next()).isEqualTo(": following git.service");
    assertThat(it.next()).isEmpty();
    assertThat(it.next()).isEqualTo("data: line 79");
    assertThat(it.next()).isEmpty();
    assertThat(it.next()).isEqualTo("data: line 80");
    Files.writeString(
        journal.resolve("git.service.log"), "line 81\n", java.nio.file.StandardOpenOption.APPEND);
    it.next();
    assertThat(it.next()).isEqualTo("data: line 81");
    r.body().close();
  }

  @Test
  void readFileInsideAllowedRoots() throws Exception {
    Files.writeString(agent.fileRoot.resolve("app.log"), "hello");
    Files.createDirectories(agent.fileRoot.resolve("sub dir"));
    Files.writeString(agent.fileRoot.resolve("sub dir/a+b.txt"), "spaced");
    assertThat(sandbox.readFile(agent.fileRoot.resolve("app.log").toString()))
        .isEqualTo("hello".getBytes());
    assertThat(new String(sandbox.readFile(agent.fileRoot.resolve("sub dir/a+b.txt").toString())))
        .isEqualTo("spaced");
    assertThatThrownBy(() -> sandbox.readFile(agent.fileRoot.resolve("missing").toString()))
        .isInstanceOf(AgentException.NotFound.class)
        .hasMessage("file not found");
    assertThatThrownBy(() -> sandbox.readFile("/etc/passwd"))
        .isInstanceOf(AgentException.class)
        .hasMessage("path not allowed");
  }

  @Test
  void clientMapsUnavailableAndUnauthenticated() throws Exception {
    AgentClient nobody =
        new AgentClient(
            URI.create("http://127.0.0.1:1"),
            "forge",
            forgeKey,
            HttpClient.newHttpClient(),
            Duration.ofSeconds(2),
            java.time.Clock.systemUTC());
    assertThatThrownBy(nobody::manifest).isInstanceOf(AgentException.Unavailable.class);
    AgentClient impostor = agent.client("forge", sandboxKey);
    assertThatThrownBy(impostor::manifest)
        .isInstanceOf(AgentException.Unauthenticated.class)
        .hasMessageStartingWith("signature verification failed");
    AgentClient skewed =
        new AgentClient(
            agent.uri(),
            "forge",
            forgeKey,
            HttpClient.newHttpClient(),
            Duration.ofSeconds(5),
            java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(10)));
    assertThatThrownBy(skewed::manifest)
        .isInstanceOf(AgentException.Unauthenticated.class)
        .hasMessage("timestamp drift too large");
  }

  @Test
  void auditLineHasTheDocumentedFields() throws Exception {
    forge.manifest();
    String line =
        agent.audit().lines().filter(l -> l.contains("/manifest")).findFirst().orElseThrow();
    JsonNode n = agent.json.readTree(line);
    assertThat(n.path("origin").asText()).isEqualTo("forge");
    assertThat(n.path("authenticated").asBoolean()).isTrue();
    assertThat(n.path("key").asText()).isEqualTo(forgeKey.publicKey().fingerprint());
    assertThat(n.path("capability").asText()).isEqualTo("manifest:read");
    assertThat(n.path("decision").asText()).isEqualTo("allow");
    assertThat(n.path("status").asInt()).isEqualTo(200);
    assertThat(n.has("time")).isTrue();
    assertThat(n.has("latencyMs")).isTrue();
  }
}
