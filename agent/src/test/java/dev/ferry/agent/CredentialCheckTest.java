package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.client.AgentException;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.testing.SshKeygen;
import dev.ferry.agent.testing.TestAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A credential type's check command (the beacon's {@code nginx -t}): a change it refuses is undone
 * and answered 422, so the files stay as they were before the request.
 */
class CredentialCheckTest {
  @TempDir Path tmp;

  TestAgent agent;
  AgentClient forge;

  @BeforeEach
  void start() throws Exception {
    SshKeygen.assumePresent();
    Path key = SshKeygen.generate(tmp, "forge", "ed25519");
    Path agentDir = Files.createDirectory(tmp.resolve("agent"));
    // the check fails whenever any proxy file says "broken", like nginx -t on a bad server block
    String root = agentDir.resolve("proxy").toString();
    agent =
        new TestAgent(
            agentDir,
            Map.of("forge", Map.entry(SshKeygen.publicKey(key), List.of("credential-provider"))),
            cfg ->
                cfg.with("credentialTypes")
                    .putObject("proxy")
                    .put("root", "proxy")
                    .put("manifestService", false)
                    .putArray("check")
                    .add("/bin/sh")
                    .add("-c")
                    .add("! grep -rq broken " + root + " || { echo 'emerg: broken'; exit 1; }"));
    forge = agent.client("forge", OpenSshPrivateKey.parse(Files.readString(key)));
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void aRefusedChangeLeavesThePreviousFilesInPlace() throws Exception {
    Path entry = agent.credentialRoot("proxy").resolve("wiki.web");
    assertThat(forge.writeCredential("proxy", "wiki.web", files("server.conf", "good")))
        .isEqualTo(AgentClient.WriteResult.WRITTEN);

    assertThatThrownBy(
            () ->
                forge.writeCredential(
                    "proxy", "wiki.web", files("server.conf", "broken", "extra.pem", "x")))
        .isInstanceOf(AgentException.class)
        .satisfies(e -> assertThat(((AgentException) e).status()).isEqualTo(422))
        .hasMessageContaining("check failed, change undone")
        .hasMessageContaining("emerg: broken");

    assertThat(Files.readString(entry.resolve("server.conf"))).isEqualTo("good");
    assertThat(entry.resolve("extra.pem")).doesNotExist();
  }

  @Test
  void aRefusedNewEntryLeavesNothingBehind() {
    assertThatThrownBy(
            () -> forge.writeCredential("proxy", "evil.web", files("server.conf", "broken")))
        .isInstanceOf(AgentException.class);

    assertThat(agent.credentialRoot("proxy").resolve("evil.web")).doesNotExist();
    // and the next good change goes through: nothing broken was left for the check to trip on
    assertThat(forge.writeCredential("proxy", "wiki.web", files("server.conf", "good")))
        .isEqualTo(AgentClient.WriteResult.WRITTEN);
  }

  @Test
  void typesWithoutACheckAreWrittenAsGiven() {
    assertThat(forge.writeCredential("ssl", "example.org", files("key.pem", "broken")))
        .isEqualTo(AgentClient.WriteResult.WRITTEN);
  }

  @Test
  void aCheckMustBeACommand() {
    assertThatThrownBy(
            () ->
                new TestAgent(
                    Files.createDirectory(tmp.resolve("bad")),
                    Map.of(),
                    cfg ->
                        cfg.with("credentialTypes")
                            .putObject("proxy")
                            .put("root", "proxy")
                            .put("check", "nginx -t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'credentialTypes.proxy.check' must be a list of non-empty strings");
  }

  private static Map<String, byte[]> files(String... namesAndContents) {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }
}
