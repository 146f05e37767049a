package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Start-up validation, the fort-nix routes, the pre-start guard and audit lines of rejected
 * requests.
 */
class PipelineExtrasTest {
  static final OpenSshPrivateKey VECTOR_KEY =
      OpenSshPrivateKey.parse(SshSignatureVectorsTestKeys.PRIVATE);

  @TempDir Path tmp;

  @Test
  void fortNixStyleCallsAndAuditOfRejections() throws Exception {
    try (TestAgent agent =
        new TestAgent(
            tmp,
            Map.of(
                "dev-sandbox", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("dev-sandbox"))),
            null)) {
      // exactly what fort-nix's client sends: POST /fort/<capability>, body {}, no query
      HttpResponse<String> manifest =
          agent.signed("POST", "/fort/manifest", "{}", "dev-sandbox", VECTOR_KEY, TestAgent.now());
      assertThat(manifest.statusCode()).isEqualTo(200);
      JsonNode doc = new ObjectMapper().readTree(manifest.body());
      assertThat(doc.path("apps").get(0).asText()).isEqualTo("forgejo");
      assertThat(doc.at("/capabilities/status/mode").asText()).isEqualTo("rpc");
      HttpResponse<String> status =
          agent.signed(
              "POST", "/fort/status", "{}", "dev-sandbox", VECTOR_KEY, TestAgent.now() - 1);
      assertThat(status.statusCode()).isEqualTo(200);

      HttpResponse<String> bad =
          agent.signed("POST", "/fort/status", "{}", "mallory", VECTOR_KEY, TestAgent.now());
      assertThat(bad.statusCode()).isEqualTo(401);
      String line =
          agent.audit().lines().filter(l -> l.contains("mallory")).findFirst().orElseThrow();
      JsonNode n = new ObjectMapper().readTree(line);
      assertThat(n.path("authenticated").asBoolean()).isFalse();
      assertThat(n.path("decision").asText()).isEqualTo("deny");
      assertThat(n.path("status").asInt()).isEqualTo(401);
      assertThat(n.path("error").asText()).isEqualTo("unknown origin");
      assertThat(line)
          .doesNotContain(bad.request().headers().firstValue("X-Fort-Signature").orElseThrow());
      assertThat(agent.audit().lines().count()).isEqualTo(3);
    }
  }

  @Test
  void timestampsOlderThanTheProcessAreRefusedByDefault() throws Exception {
    try (TestAgent agent =
        new TestAgent(
            tmp,
            Map.of(
                "dev-sandbox", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("dev-sandbox"))),
            cfg -> cfg.put("rejectPreStartTimestamps", true))) {
      HttpResponse<String> old =
          agent.signed(
              "POST", "/fort/status", "{}", "dev-sandbox", VECTOR_KEY, TestAgent.now() - 60);
      assertThat(old.statusCode()).isEqualTo(401);
      assertThat(old.body()).isEqualTo("{\"error\":\"timestamp predates agent start\"}");
      assertThat(
              agent
                  .signed(
                      "POST", "/fort/status", "{}", "dev-sandbox", VECTOR_KEY, TestAgent.now() + 1)
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void startupFailsFastOnBadFiles() throws Exception {
    Files.writeString(tmp.resolve("manifest.json"), TestAgent.MANIFEST);
    Files.writeString(
        tmp.resolve("cluster.json"),
        """
                {"principals":{"a":{"publicKey":"%1$s","roles":["root"]},"b":{"publicKey":"%1$s","roles":[]}}}"""
            .formatted(SshSignatureVectorsTestKeys.PUB));
    Files.writeString(
        tmp.resolve("agent.json"),
        """
                {"host":"h","clusterFile":"cluster.json","manifestFile":"manifest.json","stateDir":"state",
                 "credentialTypes":{"oidc":{"root":"auth"}},"serviceManager":"recording","listen":{"port":0},
                 "insecureHttp":true}""");
    assertThatThrownBy(() -> AgentMain.build(tmp.resolve("agent.json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("duplicate public key");
    Files.writeString(tmp.resolve("cluster.json"), "{\"principals\":{}}");
    Files.writeString(tmp.resolve("manifest.json"), "[1,2]");
    assertThatThrownBy(() -> AgentMain.build(tmp.resolve("agent.json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("host manifest must be a JSON object");
    Files.writeString(tmp.resolve("manifest.json"), TestAgent.MANIFEST);
    try (AgentServer server = AgentMain.build(tmp.resolve("agent.json")).start()) {
      assertThat(server.port()).isPositive();
    }
  }

  @Test
  void journalFollowersAreBounded() throws Exception {
    try (TestAgent agent =
        new TestAgent(
            tmp,
            Map.of(
                "dev-sandbox", Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("dev-sandbox"))),
            cfg ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) cfg.get("limits"))
                    .put("maxFollowers", 1)
                    .put("workerThreads", 3)
                    .put("maxFollowSeconds", 3))) {
      String target = "/journal/git?follow=true";
      long ts = TestAgent.now();
      java.net.http.HttpRequest first =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent.uri() + target))
              .header("X-Fort-Origin", "dev-sandbox")
              .header("X-Fort-Timestamp", Long.toString(ts))
              .header(
                  "X-Fort-Signature",
                  java.util.Base64.getEncoder()
                      .encodeToString(
                          dev.ferry.agent.protocol.SshSignature.sign(
                              VECTOR_KEY,
                              "fort-agent",
                              dev.ferry.agent.protocol.FortProtocol.canonicalBytes(
                                  "GET", target, Long.toString(ts), new byte[0]))))
              .build();
      HttpResponse<java.io.InputStream> streaming =
          agent.http.send(first, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(streaming.statusCode()).isEqualTo(200);
      HttpResponse<String> second =
          agent.signed("GET", target + "&n=2", "", "dev-sandbox", VECTOR_KEY, ts);
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.body()).isEqualTo("{\"error\":\"too many journal followers\"}");
      // the others are still served while the follower holds its thread
      assertThat(agent.signed("GET", "/status", "", "dev-sandbox", VECTOR_KEY, ts).statusCode())
          .isEqualTo(200);
      assertThat(new String(streaming.body().readAllBytes()))
          .endsWith("event: end\ndata: time cap\n\n");
    }
  }

  @Test
  void credentialOwnerIsAppliedWhenRunningAsRoot() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "chown needs root");
    try (TestAgent agent =
        new TestAgent(
            tmp,
            Map.of(
                "forge",
                Map.entry(SshSignatureVectorsTestKeys.PUB, List.of("credential-provider"))),
            cfg -> cfg.put("credentialOwner", "nobody"))) {
      assertThat(
              agent
                  .client("forge", VECTOR_KEY)
                  .writeCredential("oidc", "git", Map.of("token", new byte[] {42})))
          .isEqualTo(dev.ferry.agent.client.AgentClient.WriteResult.WRITTEN);
      assertThat(Files.getOwner(agent.credentialRoot("oidc").resolve("git/token")).getName())
          .isEqualTo("nobody");
      assertThat(Files.getOwner(agent.credentialRoot("oidc").resolve("git")).getName())
          .isEqualTo("nobody");
    }
  }

  @Test
  void documentedExampleConfigParses() throws Exception {
    AgentConfig c = AgentConfig.load(Path.of("../docs/agent/agent.example.json"));
    assertThat(c.host()).isEqualTo("ursula");
    assertThat(c.credentialTypes().get("ssl").mode()).isEqualTo("rw-r-----");
    assertThat(c.credentialTypes().get("oidc").root()).isEqualTo(Path.of("/var/lib/fort-auth"));
  }
}
