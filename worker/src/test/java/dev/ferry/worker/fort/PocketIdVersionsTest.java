package dev.ferry.worker.fort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.testing.TestAgent;
import dev.ferry.fort.store.FortProviderStatus;
import dev.ferry.fort.workflow.CycleReport;
import dev.ferry.sandbox.pocketid.PocketIdSandbox;
import dev.ferry.sandbox.pocketid.PocketIdVersion;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OIDC provider against both pocket-id lines: the 1.x release fort-nix pins and the current 2.x
 * release, as the stand-in implements them (real worker, dev server, PostgreSQL, agents).
 */
class PocketIdVersionsTest extends FortProvidersSuite {

  /** A label of 45 characters: with the domain, the FQDN is past pocket-id's 50-character names. */
  private static final String LONG = "a-service-name-that-is-too-long-for-pocket-id";

  @ParameterizedTest
  @ValueSource(strings = {"1.16.0", "2.14.0"})
  void clientsAreRestrictedToTheirGroupsAndKeepThemAcrossUpdatesAndRotation(String version)
      throws Exception {
    try (FortWorld world =
        new FortWorld(
            clusters, secrets, certificates, client, 3600, PocketIdVersion.parse(version))) {
      String staff = world.pocketId.addUserGroup("staff");
      TestAgent web =
          world.host(
              "web",
              FortWorld.manifest(
                  new Object[] {"wiki", world.upstream("wiki"), "vpn", "oidc", "staff"},
                  new Object[] {LONG, world.upstream("long"), "vpn", "oidc"}));

      CycleReport first = world.cycle();

      assertThat(first.failedHosts())
          .as(() -> "audit: " + audit.query(world.cluster, null, null, 50))
          .isEmpty();
      assertThat(clusters.providerStatus(world.cluster).orElseThrow().pocketIdVersion())
          .as("detected from the server")
          .isEqualTo(version.startsWith("1.") ? "1.x" : version);
      PocketIdSandbox.Client wiki = world.pocketId.clientNamed("wiki.example.test").orElseThrow();
      assertThat(wiki.allowedUserGroupIds()).containsExactly(staff);
      assertThat(world.pocketId.mayAuthorize(wiki.id(), List.of(staff))).isTrue();
      assertThat(world.pocketId.mayAuthorize(wiki.id(), List.of())).as("outsiders").isFalse();
      assertThat(Files.readString(web.credential("oidc", "wiki", "client-secret")))
          .isEqualTo(wiki.secret());
      // a service without groups is open to every user, on either line
      PocketIdSandbox.Client longClient =
          world.pocketId.clients().stream()
              .filter(c -> !c.id().equals(wiki.id()))
              .findFirst()
              .orElseThrow();
      assertThat(longClient.name()).hasSizeLessThanOrEqualTo(50).startsWith("a-service-name");
      assertThat(world.pocketId.mayAuthorize(longClient.id(), List.of())).isTrue();
      assertThat(Files.readString(web.credential("oidc", LONG, "client-id")))
          .isEqualTo(longClient.id());

      // rotation updates the client (PUT) and issues a new secret: the groups stay
      state.requestRotation(world.cluster, "web", "wiki");
      assertThat(world.cycle().failedHosts()).isEmpty();

      PocketIdSandbox.Client rotated =
          world.pocketId.clientNamed("wiki.example.test").orElseThrow();
      assertThat(rotated.id()).isEqualTo(wiki.id());
      assertThat(rotated.allowedUserGroupIds()).containsExactly(staff);
      assertThat(world.pocketId.mayAuthorize(wiki.id(), List.of())).as("outsiders").isFalse();
      assertThat(rotated.secrets()).as("the replaced secret is retired").hasSize(1);
      assertThat(rotated.secret()).isNotEqualTo(wiki.secret());
      assertThat(Files.readString(web.credential("oidc", "wiki", "client-secret")))
          .isEqualTo(rotated.secret());

      // a changed group list is an update too
      String ops = world.pocketId.addUserGroup("ops");
      world.host(
          "web",
          FortWorld.manifest(
              new Object[] {"wiki", world.upstream("wiki2"), "vpn", "oidc", "staff", "ops"},
              new Object[] {LONG, world.upstream("long2"), "vpn", "oidc"}));
      assertThat(world.cycle().failedHosts()).isEmpty();
      assertThat(
              world.pocketId.clientNamed("wiki.example.test").orElseThrow().allowedUserGroupIds())
          .containsExactlyInAnyOrder(staff, ops);
      assertThat(world.pocketId.clients()).hasSize(2);
      assertThat(world.cycle().tasks()).isZero();
    }
  }

  @Test
  void anApiKeyAboutToExpireIsReportedBeforeItDoes() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      Instant expires = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
      world.pocketId.addApiKey("ferry", FortWorld.POCKET_ID_KEY, expires);
      world.pocketId.addApiKey("someone-else", "another-key", Instant.now().plusSeconds(60));
      world.host("web", FortWorld.manifest());

      world.cycle();

      FortProviderStatus status = clusters.providerStatus(world.cluster).orElseThrow();
      assertThat(status.pocketIdKeyExpiresAt().toInstant()).isEqualTo(expires);
      assertThat(status.keyExpiring(OffsetDateTime.now())).isTrue();
      assertThat(audit.query(world.cluster, null, null, 20))
          .filteredOn(e -> e.action().equals("pocket-id.key"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.outcome()).isEqualTo("warning");
                assertThat(e.detail()).contains("expires at", "/providers");
              });
    }
  }
}
