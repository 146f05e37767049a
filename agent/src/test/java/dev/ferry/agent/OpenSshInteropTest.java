package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.protocol.FortProtocol;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SshPublicKey;
import dev.ferry.agent.protocol.SshSignature;
import dev.ferry.agent.testing.SshKeygen;
import dev.ferry.agent.testing.TestAgent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte compatibility with OpenSSH both ways, through the running agent. */
class OpenSshInteropTest {
  @TempDir Path tmp;

  @BeforeAll
  static void needsSshKeygen() {
    SshKeygen.assumePresent();
  }

  @Test
  void agentAcceptsRequestsSignedBySshKeygen() throws Exception {
    Path ed = SshKeygen.generate(tmp, "ed", "ed25519");
    Path rsa = SshKeygen.generate(tmp, "rsa", "rsa");
    Path agentDir = Files.createDirectory(tmp.resolve("agent"));
    try (TestAgent agent =
        new TestAgent(
            agentDir,
            Map.of(
                "forge", Map.entry(SshKeygen.publicKey(ed), List.of("root")),
                "legacy", Map.entry(SshKeygen.publicKey(rsa), List.of("dev-sandbox"))),
            null)) {
      for (String[] c :
          new String[][] {
            {"forge", ed.toString(), ""},
            {"forge", ed.toString(), "hashalg=sha256"},
            {"legacy", rsa.toString(), ""}
          }) {
        String body = "{\"n\":\"" + c[2] + c[1].length() + "\"}";
        long ts = TestAgent.now();
        Path msg =
            Files.writeString(
                tmp.resolve("msg-" + System.nanoTime()),
                new String(
                    FortProtocol.canonicalBytes(
                        "POST",
                        "/fort/status",
                        Long.toString(ts),
                        body.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
        String armored =
            c[2].isEmpty()
                ? SshKeygen.sign(Path.of(c[1]), msg, "fort-agent")
                : SshKeygen.sign(Path.of(c[1]), msg, "fort-agent", "-O", c[2]);
        String header = Base64.getEncoder().encodeToString(SshSignature.dearmor(armored));
        HttpResponse<String> r =
            agent.raw(
                "POST",
                "/fort/status",
                body,
                Map.of(
                    "X-Fort-Origin",
                    c[0],
                    "X-Fort-Timestamp",
                    Long.toString(ts),
                    "X-Fort-Signature",
                    header));
        assertThat(r.statusCode()).as("%s %s: %s", c[0], c[2], r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"hostname\":\"ursula\"");
      }
      // ssh-keygen's signature in the wrong namespace is refused
      long ts = TestAgent.now();
      Path msg =
          Files.writeString(
              tmp.resolve("msg-ns"),
              new String(
                  FortProtocol.canonicalBytes(
                      "POST", "/fort/status", Long.toString(ts), new byte[0]),
                  StandardCharsets.UTF_8));
      String header =
          Base64.getEncoder().encodeToString(SshSignature.dearmor(SshKeygen.sign(ed, msg, "fort")));
      HttpResponse<String> r =
          agent.raw(
              "POST",
              "/fort/status",
              "",
              Map.of(
                  "X-Fort-Origin",
                  "forge",
                  "X-Fort-Timestamp",
                  Long.toString(ts),
                  "X-Fort-Signature",
                  header));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body())
          .isEqualTo("{\"error\":\"signature verification failed: namespace does not match\"}");
    }
  }

  @Test
  void sshKeygenVerifiesFerrySignatures() throws Exception {
    Path ed = SshKeygen.generate(tmp, "ferry", "ed25519");
    OpenSshPrivateKey key = OpenSshPrivateKey.parse(Files.readString(ed));
    assertThat(key.publicKey()).isEqualTo(SshPublicKey.parse(SshKeygen.publicKey(ed)));
    Path allowed =
        Files.writeString(
            tmp.resolve("allowed_signers"), "forge " + SshKeygen.publicKey(ed) + "\n");
    byte[] canonical =
        FortProtocol.canonicalBytes(
            "GET", "/file?path=%2Fvar%2Flog%2Fx", "1704067200", new byte[0]);
    Path msg = Files.write(tmp.resolve("canonical"), canonical);
    Path sig =
        Files.writeString(
            tmp.resolve("canonical.sig"),
            SshSignature.armor(SshSignature.sign(key, "fort-agent", canonical)));

    SshKeygen.Result ok = SshKeygen.verify(allowed, "forge", "fort-agent", sig, msg);
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("Good \"fort-agent\" signature for forge");

    SshKeygen.Result wrongNs = SshKeygen.verify(allowed, "forge", "fort", sig, msg);
    assertThat(wrongNs.exit()).isNotZero();
    Files.write(
        msg,
        FortProtocol.canonicalBytes(
            "GET", "/file?path=%2Fetc%2Fshadow", "1704067200", new byte[0]));
    assertThat(SshKeygen.verify(allowed, "forge", "fort-agent", sig, msg).exit()).isNotZero();

    Files.write(msg, canonical);
    Files.writeString(
        sig,
        SshSignature.armor(
            SshSignature.sign(key, "fort-agent", canonical, SshSignature.HashAlgorithm.SHA256)));
    assertThat(SshKeygen.verify(allowed, "forge", "fort-agent", sig, msg).exit()).isZero();
  }

  @Test
  void vectorKeySignatureVerifiesWithSshKeygen() throws Exception {
    Path allowed =
        Files.writeString(
            tmp.resolve("allowed"),
            "dev-sandbox " + dev.ferry.agent.protocol.SshSignatureVectorsTestKeys.PUB + "\n");
    byte[] canonical =
        FortProtocol.canonicalBytes(
            "POST", "/fort/status", "1704067200", "{}".getBytes(StandardCharsets.UTF_8));
    Path msg = Files.write(tmp.resolve("m"), canonical);
    OpenSshPrivateKey key =
        OpenSshPrivateKey.parse(dev.ferry.agent.protocol.SshSignatureVectorsTestKeys.PRIVATE);
    Path sig =
        Files.writeString(
            tmp.resolve("m.sig"),
            SshSignature.armor(SshSignature.sign(key, "fort-agent", canonical)));
    assertThat(SshKeygen.verify(allowed, "dev-sandbox", "fort-agent", sig, msg).exit()).isZero();
  }
}
