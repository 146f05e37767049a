package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.agent.testing.SshKeygen;
import dev.ferry.agent.testing.TestAgent;
import dev.ferry.agent.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fort-nix's own {@code fort} client, built unmodified from its Nix derivation (see
 * src/test/resources/fort-nix/NOTICE.md), run with bash, curl, ssh-keygen and jq over HTTPS against
 * a Ferry agent whose certificate comes from a test CA.
 */
class FortNixClientTest {
  static final String DOMAIN = "test.example";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  TestAgent agent;
  Path script;
  Path sandboxKey;
  Path ciKey;
  Path curlHome;

  record Run(int exit, JsonNode envelope, String stderr) {
    int status() {
      return envelope.path("status").asInt();
    }

    JsonNode body() {
      return envelope.path("body");
    }
  }

  @BeforeEach
  void start() throws Exception {
    SshKeygen.assumePresent();
    for (String tool : List.of("bash", "curl", "jq", "sha256sum", "hostname")) {
      Assumptions.assumeTrue(onPath(tool), tool + " not installed");
    }
    sandboxKey = SshKeygen.generate(tmp, "sandbox", "ed25519");
    ciKey = SshKeygen.generate(tmp, "ci", "ed25519");
    TestCertificates.Ca ca = TestCertificates.ca(tmp.resolve("ca"), "fort-test-ca");
    TestCertificates.Issued cert =
        TestCertificates.issue(ca, tmp.resolve("tls"), "agent", "ursula.fort." + DOMAIN, "ec");
    agent =
        new TestAgent(
            Files.createDirectories(tmp.resolve("agent")),
            Map.of(
                "dev-sandbox",
                Map.entry(
                    SshKeygen.publicKey(sandboxKey), List.of("dev-sandbox", "credential-provider")),
                "ci",
                Map.entry(SshKeygen.publicKey(ciKey), List.of())),
            c -> TestAgent.useTls(c, cert.cert(), cert.key()));
    // curl reads $CURL_HOME/.curlrc: the host's name leads to the agent's port, trusting the CA
    // (the script itself passes -k, so curl would not check it anyway)
    curlHome = Files.createDirectories(tmp.resolve("curl"));
    Files.writeString(
        curlHome.resolve(".curlrc"),
        "connect-to = ursula.fort."
            + DOMAIN
            + ":443:127.0.0.1:"
            + agent.server.port()
            + "\ncacert = "
            + ca.cert()
            + "\n");
    script = Files.writeString(tmp.resolve("fort"), buildScript());
    Path journal = Files.createDirectories(agent.stateDir.resolve("journal"));
    Files.writeString(
        journal.resolve("git.service.log"),
        "2026-01-02T03:04:05+0000 ursula gitea[1]: started\n"
            + "2026-01-02T03:04:06+0000 ursula gitea[1]: ERROR database locked\n"
            + "2026-01-02T03:04:07+0000 ursula gitea[1]: serving\n");
    Files.writeString(agent.fileRoot.resolve("notes.txt"), "one\ntwo\nthree\n");
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void everyMandatoryCapabilityWorksWithFortNixShapes() throws Exception {
    Run status = fort("dev-sandbox", "status", null);
    assertThat(status.exit()).as(status.stderr()).isZero();
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.body().path("hostname").asText()).isEqualTo("ursula");
    assertThat(status.body().path("status").asText()).isEqualTo("running");
    assertThat(status.body().path("uptime_seconds").isIntegralNumber()).isTrue();
    assertThat(status.envelope().path("handle").isNull()).isTrue();

    Run manifest = fort("dev-sandbox", "manifest", null);
    assertThat(manifest.exit()).isZero();
    assertThat(manifest.body().at("/services/0/name").asText()).isEqualTo("git");
    assertThat(manifest.body().at("/capabilities/journal/mode").asText()).isEqualTo("rpc");
    assertThat(manifest.body().at("/capabilities/journal/allowed").toString())
        .isEqualTo("[\"dev-sandbox\"]");

    Run journal =
        fort("dev-sandbox", "journal", "{\"unit\":\"git\",\"lines\":5,\"grep\":\"error\"}");
    assertThat(journal.exit()).as(journal.stderr()).isZero();
    assertThat(journal.body().path("output").asText())
        .isEqualTo("2026-01-02T03:04:06+0000 ursula gitea[1]: ERROR database locked");
    assertThat(journal.body().path("lines_returned").asInt()).isEqualTo(1);
    assertThat(journal.body().path("line_limit").asInt()).isEqualTo(5);
    assertThat(journal.body().path("truncated").asBoolean()).isFalse();

    Run unitStatus = fort("dev-sandbox", "systemd", "{\"action\":\"status\",\"unit\":\"git\"}");
    assertThat(unitStatus.exit()).isZero();
    assertThat(unitStatus.body().toString())
        .isEqualTo(
            "{\"unit\":\"git\",\"active\":\"active\",\"sub\":\"running\",\"load\":\"loaded\"}");
    Run list = fort("dev-sandbox", "systemd", "{\"action\":\"list\",\"pattern\":\"oauth2-*\"}");
    assertThat(list.body().toString())
        .isEqualTo("{\"units\":[\"oauth2-proxy-wiki.service\"],\"count\":1}");
    Run restart = fort("dev-sandbox", "systemd", "{\"action\":\"restart\",\"unit\":\"wiki\"}");
    assertThat(restart.exit()).isZero();
    assertThat(restart.body().toString()).isEqualTo("{\"status\":\"restarted\",\"unit\":\"wiki\"}");
    assertThat(agent.signals())
        .containsExactly(new RecordingServiceManager.Signal("wiki.service", "restart"));

    Run file =
        fort(
            "dev-sandbox",
            "read-file",
            "{\"path\":\"" + agent.fileRoot.resolve("notes.txt") + "\",\"offset\":1,\"limit\":1}");
    assertThat(file.exit()).as(file.stderr()).isZero();
    assertThat(file.body().path("type").asText()).isEqualTo("file");
    assertThat(file.body().path("content").asText()).isEqualTo("two");
    assertThat(file.body().path("total_lines").asInt()).isEqualTo(3);
    Run dir = fort("dev-sandbox", "read-file", "{\"path\":\"" + agent.fileRoot + "\"}");
    assertThat(dir.body().path("type").asText()).isEqualTo("directory");
    assertThat(dir.body().path("listing").asText()).contains("notes.txt");
  }

  @Test
  void pullModelCapabilitiesAnswerADocumentedError() throws Exception {
    for (String capability : List.of("needs", "refresh", "force-nag")) {
      Run r = fort("dev-sandbox", capability, null);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.status()).isEqualTo(501);
      assertThat(r.body().path("error").asText())
          .startsWith(capability + " belongs to fort-nix's pull model");
    }
  }

  @Test
  void rbacAndAllowListsApplyAndTheClientReportsThem() throws Exception {
    Run denied = fort("ci", "journal", "{\"unit\":\"git\"}");
    assertThat(denied.exit()).isEqualTo(2); // fort-nix's client: 2 = auth error
    assertThat(denied.status()).isEqualTo(403);
    Run unknownUnit = fort("dev-sandbox", "systemd", "{\"action\":\"restart\",\"unit\":\"sshd\"}");
    assertThat(unknownUnit.exit()).isEqualTo(1);
    assertThat(unknownUnit.status()).isEqualTo(404);
    assertThat(unknownUnit.body().path("error").asText()).isEqualTo("service not on this host");
    Run shadow = fort("dev-sandbox", "read-file", "{\"path\":\"/etc/shadow\"}");
    assertThat(shadow.status()).isEqualTo(403);
    assertThat(agent.signals()).isEmpty();
  }

  /**
   * The client adds no nonce and Ed25519 is deterministic: two identical calls in one second are
   * byte-identical requests. Reads repeat; a restart is single-use.
   */
  @Test
  void twoIdenticalCallsInOneSecond() throws Exception {
    List<Run> reads = identicalPair("status", null);
    assertThat(reads).allSatisfy(r -> assertThat(r.exit()).as(r.stderr()).isZero());
    assertThat(reads).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));

    String restart = "{\"action\":\"restart\",\"unit\":\"git\"}";
    List<Run> changes = identicalPair("systemd", restart);
    assertThat(changes.get(0).exit()).isZero();
    assertThat(changes.get(1).exit()).isEqualTo(2);
    assertThat(changes.get(1).body().path("error").asText()).isEqualTo("replayed request");
    assertThat(agent.signals().subList(signalsBeforePair, agent.signals().size()))
        .containsExactly(new RecordingServiceManager.Signal("git.service", "restart"));
  }

  /** Signals recorded before the pair {@link #identicalPair} returned. */
  int signalsBeforePair;

  /**
   * Runs the same call twice, starting just after a second boundary, until both fall in the same
   * second (fort signs {@code date +%s}); the audit log proves the two requests were identical.
   */
  private List<Run> identicalPair(String capability, String body) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20);
      int before = audited(capability).size();
      signalsBeforePair = agent.signals().size();
      Run first = fort("dev-sandbox", capability, body);
      Run second = fort("dev-sandbox", capability, body);
      List<JsonNode> lines = audited(capability);
      JsonNode a = lines.get(before);
      JsonNode b = lines.get(before + 1);
      if (a.path("timestamp").equals(b.path("timestamp"))) {
        assertThat(a.path("bodySha256")).isEqualTo(b.path("bodySha256"));
        return List.of(first, second);
      }
    }
    throw new AssertionError("never got two calls into one second");
  }

  private List<JsonNode> audited(String capability) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : agent.audit().lines().toList()) {
      JsonNode n = JSON.readTree(line);
      if (n.path("target").asText().equals("/fort/" + capability)) {
        out.add(n);
      }
    }
    return out;
  }

  private Run fort(String origin, String capability, String body) throws Exception {
    List<String> argv = new ArrayList<>(List.of("bash", script.toString(), "ursula", capability));
    if (body != null) {
      argv.add(body);
    }
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("FORT_SSH_KEY", (origin.equals("ci") ? ciKey : sandboxKey).toString());
    pb.environment().put("FORT_ORIGIN", origin);
    pb.environment().put("CURL_HOME", curlHome.toString());
    pb.environment().put("HOME", curlHome.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.isBlank() ? JSON.nullNode() : JSON.readTree(out), err);
  }

  /**
   * The {@code fort} script as Nix builds it from {@code pkgs/fort/default.nix}: the indented
   * string's text with its common indentation removed and {@code ''$} unescaped; store paths of
   * tools become the tools on PATH (the derivation's wrapper puts exactly these on PATH).
   */
  static String buildScript() throws IOException {
    String nix;
    try (InputStream in = FortNixClientTest.class.getResourceAsStream("/fort-nix/default.nix")) {
      nix = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String open = "script = pkgs.writeShellScript \"fort\" ''\n";
    int start = nix.indexOf(open) + open.length();
    int end = nix.indexOf("\n  '';\n", start);
    String text = nix.substring(start, end + 1);
    int indent = Integer.MAX_VALUE;
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder dedented = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      dedented.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
    }
    String escaped = "\u0000";
    String s = dedented.toString().replace("''${", escaped); // Nix: ''${ is a literal ${
    s = s.replace("${hostnameCmd}", "hostname").replace("${domain}", DOMAIN);
    Matcher tool = Pattern.compile("\\$\\{pkgs\\.[a-zA-Z0-9]+\\}/bin/").matcher(s);
    s = tool.replaceAll("");
    assertThat(s).as("every Nix interpolation resolved").doesNotContain("${");
    return "#!/usr/bin/env bash\n" + s.replace(escaped, "${");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
