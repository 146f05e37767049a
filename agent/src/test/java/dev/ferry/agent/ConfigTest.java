package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.agent.protocol.SshSignatureVectorsTestKeys;
import dev.ferry.agent.testing.TestAgent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {
  final ObjectMapper json = new ObjectMapper();
  static final String KEY = SshSignatureVectorsTestKeys.PUB;

  ClusterPolicy cluster(String text) throws Exception {
    return ClusterPolicy.fromJson(json.readTree(text));
  }

  @Test
  void seedRolesAndPrincipals() throws Exception {
    ClusterPolicy p =
        cluster(
            """
                {"principals":{"admin":{"publicKey":"%s","roles":["root","secrets"]},
                               "ratched":{"publicKey":"age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs","roles":["dev-sandbox","secrets"]}}}"""
                .formatted(KEY));
    ClusterPolicy.Principal admin = p.principal("admin").orElseThrow();
    for (Capability c : Capability.values()) {
      assertThat(admin.may(c)).isTrue();
    }
    ClusterPolicy.Principal ratched = p.principal("ratched").orElseThrow();
    assertThat(ratched.keys()).isEmpty(); // an age key cannot sign requests
    assertThat(ratched.may(Capability.JOURNAL_READ)).isTrue();
    assertThat(ratched.may(Capability.CREDENTIALS_WRITE)).isFalse();
    assertThat(p.warnings())
        .anyMatch(w -> w.contains("non-SSH key"))
        .anyMatch(w -> w.contains("role secrets grants nothing"));
  }

  @Test
  void customRolesAndFailures() throws Exception {
    ClusterPolicy p =
        cluster(
            """
                {"roles":{"prov":["credentials:write"]},"principals":{"forge":{"publicKeys":["%s"],"roles":["prov"]}}}"""
                .formatted(KEY));
    assertThat(p.principal("forge").orElseThrow().capabilities())
        .containsExactly(Capability.CREDENTIALS_WRITE);

    assertThatThrownBy(
            () ->
                cluster(
                    """
                {"principals":{"a":{"publicKey":"%s","roles":[]},"b":{"publicKey":"%s","roles":[]}}}"""
                        .formatted(KEY, KEY)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("duplicate public key")
        .hasMessageContaining("SHA256:");
    assertThatThrownBy(
            () ->
                cluster(
                    """
                {"roles":{"x":["files:delete"]},"principals":{}}"""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown capability files:delete");
    assertThatThrownBy(
            () ->
                cluster(
                    """
                {"principals":{"a":{"publicKey":"ssh-ed25519 AAAA","roles":[]}}}"""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("principal a");
    assertThatThrownBy(() -> cluster("{}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("principals");
  }

  @Test
  void agentConfigValidation() throws Exception {
    String ok =
        """
                {"host":"h","clusterFile":"c.json","manifestFile":"/m.json","stateDir":"s",
                 "tls":{"certFile":"tls/agent.pem","keyFile":"/etc/ferry/tls/agent.key"},
                 "credentialTypes":{"oidc":{"root":"/var/lib/fort-auth"},"ssl":{"root":"/var/lib/fort/ssl","manifestService":false,"owner":"nginx:nginx"}}}""";
    AgentConfig c = AgentConfig.fromJson(json.readTree(ok), Path.of("/etc/ferry"));
    assertThat(c.clusterFile()).isEqualTo(Path.of("/etc/ferry/c.json"));
    assertThat(c.manifestFile()).isEqualTo(Path.of("/m.json"));
    assertThat(c.port()).isEqualTo(7443);
    assertThat(c.tls())
        .isEqualTo(
            new AgentConfig.Tls(
                Path.of("/etc/ferry/tls/agent.pem"), Path.of("/etc/ferry/tls/agent.key")));
    assertThat(c.insecureHttp()).isFalse();
    assertThat(c.serviceManager()).isEqualTo("systemd");
    assertThat(c.credentialTypes().get("ssl").manifestService()).isFalse();
    assertThat(c.credentialTypes().get("ssl").owner()).isEqualTo("nginx:nginx");
    assertThat(c.rejectPreStartTimestamps()).isTrue();

    assertThatThrownBy(() -> AgentConfig.fromJson(json.readTree("{}"), null))
        .hasMessageContaining("'host' is required");
    assertThatThrownBy(
            () ->
                AgentConfig.fromJson(
                    json.readTree(
                        ok.replace(
                            "\"host\":\"h\",", "\"host\":\"h\",\"serviceManager\":\"upstart\",")),
                    null))
        .hasMessageContaining("serviceManager");
    assertThatThrownBy(
            () ->
                AgentConfig.fromJson(
                    json.readTree(
                        ok.replace(
                            "\"host\":\"h\",", "\"host\":\"h\",\"limits\":{\"maxBodyBytes\":0},")),
                    null))
        .hasMessageContaining("limits.maxBodyBytes");
  }

  @Test
  void manifestAllowList() throws Exception {
    HostManifest m = HostManifest.fromJson(json.readTree(TestAgent.MANIFEST), List.of("nginx"));
    assertThat(m.services()).containsExactlyInAnyOrder("git", "wiki");
    assertThat(m.units())
        .containsExactlyInAnyOrder(
            "git.service",
            "wiki.service",
            "forgejo-oidc-setup.service",
            "oauth2-proxy-wiki.service",
            "nginx.service");
    assertThatThrownBy(
            () ->
                HostManifest.fromJson(
                    json.readTree("{\"services\":[{\"name\":\"../x\"}]}"), List.of()))
        .isInstanceOf(ConfigException.class);
  }
}
