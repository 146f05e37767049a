package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SshSignatureVectorsTestKeys;
import dev.ferry.agent.testing.TestAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal follows end at their caps, kill journalctl and free their slot, stalled or not. */
class BoundedStreamsTest {
  static final OpenSshPrivateKey KEY = OpenSshPrivateKey.parse(SshSignatureVectorsTestKeys.PRIVATE);
  static final ObjectMapper JSON = new ObjectMapper();
  static final int CAP_SECONDS = 2;

  @TempDir Path tmp;

  TestAgent agent(Consumer<ObjectNode> limits) throws IOException {
    return new TestAgent(
        tmp,
        Map.of("sandbox", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("dev-sandbox"))),
        c -> {
          ObjectNode l =
              ((ObjectNode) c.get("limits"))
                  .put("maxFollowers", 1)
                  .put("workerThreads", 4)
                  .put("maxFollowSeconds", CAP_SECONDS);
          limits.accept(l);
        });
  }

  @Test
  void aStalledFollowerIsCutAtItsCapAndItsSlotFreed() throws Exception {
    try (TestAgent agent =
        agent(l -> l.put("maxJournalChars", 100_000_000).put("maxJournalLines", 12_000))) {
      Path journal = Files.createDirectories(agent.stateDir.resolve("journal"));
      // the backlog the follow starts with is far more than the socket buffers hold (12 MB), so
      // the writer is stuck before the cap whatever the timing: it must be cut, every run
      String line = "x".repeat(1000) + "\n";
      Files.writeString(journal.resolve("git.service.log"), line.repeat(12_000));
      try (Socket stalled = new Socket()) {
        stalled.setReceiveBufferSize(4096); // and never read: the agent's writes block
        stalled.connect(new InetSocketAddress("127.0.0.1", agent.server.port()));
        OutputStream out = stalled.getOutputStream();
        out.write(request("/journal/git?follow=true&lines=12000&n=stalled"));
        out.flush();
        long start = System.nanoTime();

        // past the cap the slot is free although the writer is still stuck
        Thread.sleep(TimeUnit.SECONDS.toMillis(CAP_SECONDS) + 700);
        HttpResponse<InputStream> next = follow(agent, "/journal/git?follow=true&n=next");
        assertThat(next.statusCode()).isEqualTo(200);
        next.body().close();

        JsonNode end = awaitAudit(agent, "stalled", "end", 20);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(end.path("streamEnd").asText()).isEqualTo("time cap");
        // the stuck write ended only when the connection was cut, after the cap and its grace
        assertThat(end.path("latencyMs").asDouble()).isGreaterThanOrEqualTo(CAP_SECONDS * 1000);
        assertThat(seconds).isLessThan(20);
        assertThat(awaitAudit(agent, "stalled", "start", 1).path("status").asInt()).isEqualTo(200);
        assertThat(drainUntilClosed(stalled)).as("the stuck connection was cut").isTrue();
      }
    }
  }

  @Test
  void aQuietUnitsFollowEndsAtTheCapAndJournalctlIsKilled() throws Exception {
    Path pid = tmp.resolve("journalctl.pid");
    Path journalctl = tmp.resolve("journalctl");
    // a quiet unit: journalctl -f prints nothing and never exits by itself
    Files.writeString(journalctl, "#!/bin/sh\necho $$ > " + pid + "\nexec sleep 600\n");
    Files.setPosixFilePermissions(journalctl, PosixFilePermissions.fromString("rwx------"));
    ObjectNode config = TestAgent.baseConfig("ursula");
    config.putObject("credentialTypes").putObject("oidc").put("root", "auth");
    config
        .putObject("limits")
        .put("maxFollowers", 1)
        .put("workerThreads", 4)
        .put("maxFollowSeconds", CAP_SECONDS);
    try (TestAgent agent =
        new TestAgent(
            tmp.resolve("agent"),
            config,
            Map.of("sandbox", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("dev-sandbox"))),
            TestAgent.MANIFEST,
            recorder -> new SystemdServiceManager("systemctl", journalctl.toString()))) {
      long start = System.nanoTime();
      HttpResponse<InputStream> r = follow(agent, "/journal/git?follow=true");
      assertThat(r.statusCode()).isEqualTo(200);
      String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(body)
          .startsWith(": following git.service")
          .endsWith("event: end\ndata: time cap\n\n");
      assertThat(seconds).isBetween(CAP_SECONDS - 0.2, CAP_SECONDS + 8.0);
      ProcessHandle journalProcess =
          ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElse(null);
      if (journalProcess != null) {
        journalProcess.onExit().get(5, TimeUnit.SECONDS);
      }
      HttpResponse<InputStream> next = follow(agent, "/journal/git?follow=true&n=2");
      assertThat(next.statusCode()).as("the slot was freed").isEqualTo(200);
      next.body().close();
      List<JsonNode> lines = audit(agent);
      assertThat(lines.get(0).path("stream").asText()).isEqualTo("start");
      assertThat(lines.get(1).path("stream").asText()).isEqualTo("end");
      assertThat(lines.get(1).path("streamEnd").asText()).isEqualTo("time cap");
    }
  }

  @Test
  void aFollowEndsAtTheCharacterCap() throws Exception {
    try (TestAgent agent = agent(l -> l.put("maxJournalChars", 25))) {
      Path journal = Files.createDirectories(agent.stateDir.resolve("journal"));
      Files.writeString(journal.resolve("git.service.log"), "0123456789\n0123456789\n0123456789\n");
      long start = System.nanoTime();
      HttpResponse<InputStream> r = follow(agent, "/journal/git?follow=true&lines=3");
      String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(body)
          .isEqualTo(
              ": following git.service\n\ndata: 0123456789\n\ndata: 0123456789\n\n"
                  + "event: end\ndata: character cap\n\n");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(CAP_SECONDS);
      // the plain journal read has the same cap: the newest lines that fit
      HttpResponse<String> read =
          agent.signed("GET", "/journal/git?lines=3", "", "sandbox", KEY, TestAgent.now());
      assertThat(read.body())
          .isEqualTo(
              "{\"unit\":\"git.service\",\"lines\":[\"0123456789\",\"0123456789\"],\"truncated\":true}");
    }
  }

  private static byte[] request(String target) {
    Map<String, String> h =
        TestAgent.signedHeaders("sandbox", KEY, "GET", target, "", TestAgent.now());
    StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: agent\r\n");
    h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static HttpResponse<InputStream> follow(TestAgent agent, String target) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(agent.uri() + target));
    TestAgent.signedHeaders("sandbox", KEY, "GET", target, "", TestAgent.now()).forEach(b::header);
    return agent.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static List<JsonNode> audit(TestAgent agent) throws IOException {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : agent.audit().lines().toList()) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static JsonNode awaitAudit(TestAgent agent, String tag, String stream, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      for (JsonNode n : audit(agent)) {
        if (n.path("target").asText().contains(tag) && n.path("stream").asText().equals(stream)) {
          return n;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no audit line " + stream + " for " + tag + ":\n" + agent.audit());
      }
      Thread.sleep(100);
    }
  }

  /** Reads what the agent managed to send; true when the connection then ended. */
  private static boolean drainUntilClosed(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    byte[] buf = new byte[1 << 16];
    try {
      while (s.getInputStream().read(buf) >= 0) {
        // discard
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the agent
    }
  }
}
