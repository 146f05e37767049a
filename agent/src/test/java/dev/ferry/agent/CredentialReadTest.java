package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SshSignatureVectorsTestKeys;
import dev.ferry.agent.testing.TestAgent;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file:read} never serves a delivered credential, whatever the configuration says. */
class CredentialReadTest {
  static final OpenSshPrivateKey KEY = OpenSshPrivateKey.parse(SshSignatureVectorsTestKeys.PRIVATE);
  static final String KEY_PEM = "-----BEGIN PRIVATE KEY-----\\nsecret\\n-----END PRIVATE KEY-----";

  @TempDir Path tmp;

  @Test
  void fileReadOfADeliveredKeyIsRefused() throws Exception {
    try (TestAgent agent =
        new TestAgent(
            tmp,
            Map.of("admin", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("root"))),
            null)) {
      // the credential root is swapped for a link into the read root after start, so the config
      // check (which refuses overlapping roots) cannot see it; the per-read check must
      Path target = Files.createDirectories(agent.fileRoot.resolve("certs"));
      Path ssl = agent.credentialRoot("ssl");
      Files.delete(ssl);
      Files.createSymbolicLink(ssl, target);
      HttpResponse<String> write =
          agent.signed(
              "POST",
              "/credentials/ssl/example.org",
              "{\"files\":{\"key.pem\":\"" + KEY_PEM + "\"}}",
              "admin",
              KEY,
              TestAgent.now());
      assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
      Path delivered = target.resolve("example.org/key.pem");
      assertThat(delivered).exists();

      HttpResponse<String> direct =
          agent.signed("GET", "/file?path=" + delivered, "", "admin", KEY, TestAgent.now());
      assertThat(direct.statusCode()).isEqualTo(403);
      assertThat(direct.body())
          .isEqualTo("{\"error\":\"path not allowed: credentials are never served\"}");
      HttpResponse<String> fort =
          agent.signed(
              "POST",
              "/fort/read-file",
              "{\"path\":\"" + delivered + "\"}",
              "admin",
              KEY,
              TestAgent.now());
      assertThat(fort.statusCode()).isEqualTo(403);
      assertThat(fort.body()).doesNotContain("secret");
      // the rest of the read root is still served
      Files.writeString(agent.fileRoot.resolve("motd"), "hello");
      assertThat(
              agent
                  .signed(
                      "GET",
                      "/file?path=" + agent.fileRoot.resolve("motd"),
                      "",
                      "admin",
                      KEY,
                      TestAgent.now())
                  .body())
          .isEqualTo("hello");
    }
  }

  @Test
  void theShippedExampleKeepsReadRootsAwayFromCredentials() throws Exception {
    AgentConfig c = AgentConfig.load(Path.of("../docs/agent/agent.example.json"));
    for (Path read : c.fileReadRoots()) {
      for (AgentConfig.CredentialType t : c.credentialTypes().values()) {
        assertThat(read.startsWith(t.root()) || t.root().startsWith(read)).isFalse();
      }
    }
  }
}
