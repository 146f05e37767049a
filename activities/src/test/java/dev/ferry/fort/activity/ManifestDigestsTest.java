package dev.ferry.fort.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.workflow.ServiceDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest rules: every hostile declaration is refused with its reason, the rest is kept. */
class ManifestDigestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FortHost HOST =
      new FortHost("c", "web", "http://127.0.0.1:1", "10.0.0.5", "ssh-ed25519 AAAA x");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil; include /etc/passwd",
        "a{b",
        "a}b",
        "two\nlines",
        "with space",
        "*",
        "*.wild",
        "UPPER",
        "-dash",
        "dots.inside",
        ""
      })
  void aHostileSubdomainIsRefusedAndTheHostsOtherServiceKept(String subdomain) {
    ObjectNode manifest = manifest();
    service(manifest, "good", 3000).put("visibility", "public");
    service(manifest, "evil", 3001).put("subdomain", subdomain).put("visibility", "public");

    ManifestDigests.Reading reading = ManifestDigests.read(HOST, "example.test", manifest);

    assertThat(reading.digest().services())
        .extracting(ServiceDeclaration::fqdn)
        .containsExactly("good.example.test");
    assertThat(reading.refusals())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.service()).isEqualTo("evil");
              assertThat(r.reason()).containsAnyOf("RFC 1123 label", "wildcard");
            });
  }

  @Test
  void aThreeHundredCharacterLabelIsRefused() {
    ObjectNode manifest = manifest();
    service(manifest, "long", 1).put("subdomain", "a".repeat(300));
    service(manifest, "n".repeat(300), 2);

    ManifestDigests.Reading reading = ManifestDigests.read(HOST, "example.test", manifest);

    assertThat(reading.digest().services()).isEmpty();
    assertThat(reading.refusals())
        .extracting(ManifestDigests.Refusal::service)
        .containsExactly("long", "#1"); // an unusable name is reported by its position
  }

  @Test
  void everyOtherFieldIsCheckedAgainstTheManifestsOwnRules() {
    ObjectNode manifest = manifest();
    service(manifest, "port0", 0);
    service(manifest, "port70000", 70000);
    service(manifest, "portstring", 1).put("port", "80");
    service(manifest, "vis", 1).put("visibility", "internet");
    service(manifest, "sso", 1).putObject("sso").put("mode", "saml");
    service(manifest, "unit", 1).putObject("sso").put("mode", "oidc").put("restart", "x;reboot");
    service(manifest, "groups", 1)
        .putObject("sso")
        .put("mode", "oidc")
        .putArray("groups")
        .add("a\"b");
    service(manifest, "twice", 1);
    service(manifest, "twice", 2);
    service(manifest, "ok", 8080).putObject("sso").put("mode", "gatekeeper");
    manifest.putObject("gitToken").put("access", "admin");

    ManifestDigests.Reading reading = ManifestDigests.read(HOST, "example.test", manifest);

    assertThat(reading.digest().services())
        .extracting(ServiceDeclaration::name)
        .containsExactly("twice", "ok");
    assertThat(reading.digest().gitTokenAccess()).isNull();
    assertThat(reading.refusals())
        .extracting(ManifestDigests.Refusal::service, ManifestDigests.Refusal::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("port0", "port must be an integer in 1..65535"),
            org.assertj.core.groups.Tuple.tuple("port70000", "port must be an integer in 1..65535"),
            org.assertj.core.groups.Tuple.tuple(
                "portstring", "port must be an integer in 1..65535"),
            org.assertj.core.groups.Tuple.tuple(
                "vis", "visibility must be one of vpn, local, public"),
            org.assertj.core.groups.Tuple.tuple(
                "sso",
                "sso.mode must be one of basicauth, gatekeeper, headers, identity, none, oidc,"
                    + " token"),
            org.assertj.core.groups.Tuple.tuple("unit", "sso.restart must be a systemd unit name"),
            org.assertj.core.groups.Tuple.tuple(
                "groups", "sso.groups: a group is letters, digits, ' ', '_', '.', '@' or '-'"),
            org.assertj.core.groups.Tuple.tuple(
                "twice", "service name declared twice on this host"),
            org.assertj.core.groups.Tuple.tuple("gitToken", "gitToken.access must be ro or rw"));
  }

  @Test
  void sizesAreBounded() {
    ObjectNode manifest = manifest();
    for (int i = 0; i < ManifestDigests.MAX_SERVICES + 3; i++) {
      service(manifest, "s" + i, 1000 + i);
    }
    ManifestDigests.Reading reading = ManifestDigests.read(HOST, "example.test", manifest);
    assertThat(reading.digest().services()).hasSize(ManifestDigests.MAX_SERVICES);
    assertThat(reading.refusals()).hasSize(3).allMatch(r -> r.reason().startsWith("more than"));
  }

  @Test
  void theDocumentedDefaultsApply() {
    ObjectNode manifest = manifest();
    service(manifest, "wiki", 3000).putObject("sso").put("mode", "oidc");
    manifest.putObject("gitToken");

    ManifestDigests.Reading reading = ManifestDigests.read(HOST, "example.test", manifest);

    assertThat(reading.refusals()).isEmpty();
    assertThat(reading.digest().gitTokenAccess()).isEqualTo("ro");
    assertThat(reading.digest().services())
        .containsExactly(
            new ServiceDeclaration(
                "wiki",
                "wiki.example.test",
                3000,
                "vpn",
                "oidc",
                "oauth2-proxy-wiki.service",
                List.of()));
  }

  @Test
  void aManifestWhoseServicesAreNotAListIsUnreadable() {
    ObjectNode manifest = JSON.createObjectNode().put("services", "all of them");
    assertThatThrownBy(() -> ManifestDigests.read(HOST, "example.test", manifest))
        .hasMessageContaining("services must be a list");
  }

  private static ObjectNode manifest() {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("services");
    return root;
  }

  private static ObjectNode service(ObjectNode manifest, String name, int port) {
    return ((ArrayNode) manifest.get("services")).addObject().put("name", name).put("port", port);
  }
}
