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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both halves of the replay rule: a request that changes state is accepted once within the window;
 * a read may be sent again, byte for byte, and is answered again.
 */
class ReplayRulesTest {
  static final OpenSshPrivateKey KEY = OpenSshPrivateKey.parse(SshSignatureVectorsTestKeys.PRIVATE);

  @TempDir Path tmp;
  TestAgent agent;
  long ts;

  @BeforeEach
  void start() throws Exception {
    agent =
        new TestAgent(
            tmp, Map.of("root", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("root"))), null);
    Files.writeString(agent.fileRoot.resolve("motd"), "hello\n");
    ts = TestAgent.now();
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void aReplayedCredentialWriteIsRefusedAndChangesNothing() throws Exception {
    String body = "{\"files\":{\"client-secret\":\"first\"}}";
    assertThat(twice("POST", "/credentials/oidc/wiki", body)).containsExactly(200, 401);
    assertThat(Files.readString(agent.credential("oidc", "wiki", "client-secret")))
        .isEqualTo("first");
    // the secret is rotated; a replay of the old delivery must not roll it back
    assertThat(
            agent
                .signed(
                    "POST",
                    "/credentials/oidc/wiki",
                    "{\"files\":{\"client-secret\":\"second\"}}",
                    "root",
                    KEY,
                    ts)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> replay =
        agent.signed("POST", "/credentials/oidc/wiki", body, "root", KEY, ts);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).isEqualTo("{\"error\":\"replayed request\"}");
    assertThat(Files.readString(agent.credential("oidc", "wiki", "client-secret")))
        .isEqualTo("second");
  }

  @Test
  void otherStateChangesAreSingleUse() throws Exception {
    assertThat(twice("DELETE", "/credentials/oidc/wiki", "")).containsExactly(200, 401);
    assertThat(twice("POST", "/signal/wiki", "{\"action\":\"reload\"}")).containsExactly(200, 401);
    assertThat(twice("POST", "/fort/systemd", "{\"unit\":\"git\"}")).containsExactly(200, 401);
    assertThat(twice("POST", "/fort/systemd", "{\"action\":\"stop\",\"unit\":\"git\"}"))
        .containsExactly(200, 401);
    assertThat(agent.signals())
        .containsExactly(
            new RecordingServiceManager.Signal("wiki.service", "reload"),
            new RecordingServiceManager.Signal("git.service", "restart"),
            new RecordingServiceManager.Signal("git.service", "stop"));
  }

  @Test
  void readsMayRepeatWithinTheWindow() throws Exception {
    assertThat(twice("GET", "/manifest", "")).containsExactly(200, 200);
    assertThat(twice("GET", "/status", "")).containsExactly(200, 200);
    assertThat(twice("GET", "/journal/git?lines=5", "")).containsExactly(200, 200);
    assertThat(twice("GET", "/file?path=" + agent.fileRoot.resolve("motd"), ""))
        .containsExactly(200, 200);
    assertThat(twice("POST", "/fort/status", "{}")).containsExactly(200, 200);
    assertThat(twice("POST", "/fort/manifest", "{}")).containsExactly(200, 200);
    assertThat(twice("POST", "/fort/journal", "{\"unit\":\"git\"}")).containsExactly(200, 200);
    assertThat(twice("POST", "/fort/systemd", "{\"action\":\"failed\"}")).containsExactly(200, 200);
    assertThat(
            twice(
                "POST", "/fort/read-file", "{\"path\":\"" + agent.fileRoot.resolve("motd") + "\"}"))
        .containsExactly(200, 200);
    assertThat(agent.signals()).isEmpty();
  }

  /** The same signed request (same timestamp, so byte-identical) sent twice: both statuses. */
  private List<Integer> twice(String method, String target, String body) throws Exception {
    Map<String, String> headers = TestAgent.signedHeaders("root", KEY, method, target, body, ts);
    return List.of(
        agent.raw(method, target, body, headers).statusCode(),
        agent.raw(method, target, body, headers).statusCode());
  }
}
