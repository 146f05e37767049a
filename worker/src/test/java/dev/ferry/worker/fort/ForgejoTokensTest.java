package dev.ferry.worker.fort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.testing.TestAgent;
import dev.ferry.fort.store.AuditEntry;
import dev.ferry.fort.workflow.CycleReport;
import dev.ferry.sandbox.forgejo.ForgejoSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Git tokens against the Forgejo stand-in's real rules: password-only token routes, a token list
 * longer than one page, Ferry's own tokens found by name, the new token on the host before the old
 * one is deleted, and read-write tokens only for allow-listed hosts.
 */
class ForgejoTokensTest extends FortProvidersSuite {

  @Test
  void tokensAreFoundAcrossPagesAndReplacedOnlyAfterDelivery() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      // the user has more than one page (50) of tokens Ferry did not make
      for (int i = 0; i < 70; i++) {
        world.forgejo.issue(FortWorld.FORGEJO_USER, "laptop-" + i, List.of("read:user"));
      }
      TestAgent web =
          world.host(
              "web",
              FortWorld.withGitToken(
                  FortWorld.manifest(new Object[] {"api", world.upstream("api"), "vpn", "none"}),
                  "ro"));

      assertThat(world.cycle().failedHosts())
          .as(() -> "audit: " + audit.query(world.cluster, null, null, 20))
          .isEmpty();
      ForgejoSandbox.Token first = ferrysTokens(world).getFirst();
      assertThat(first.name()).startsWith("ferry/" + world.cluster + "/web/ro/");
      assertThat(first.scopes()).containsExactly("read:repository");
      Path delivered = web.credential("git", "forgejo", "deploy-token");
      assertThat(Files.readString(delivered)).isEqualTo(first.value());

      // rotation: a new token, delivered; only then is the old one (found on page 2) deleted
      state.requestRotation(world.cluster, "web", "forgejo");
      assertThat(world.cycle().failedHosts()).isEmpty();

      ForgejoSandbox.Token second = ferrysTokens(world).getFirst();
      assertThat(ferrysTokens(world)).hasSize(1);
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(Files.readString(delivered)).isEqualTo(second.value());
      ForgejoSandbox.Deletion deletion = world.forgejo.deletions().getFirst();
      assertThat(deletion.token().id()).isEqualTo(first.id());
      assertThat(Files.getLastModifiedTime(delivered).toInstant())
          .as("the new token reached the host before the old one was deleted")
          .isBeforeOrEqualTo(deletion.at());
      assertThat(world.forgejo.tokens()).hasSize(71);
    }
  }

  @Test
  void readWriteTokensOnlyForAllowListedHosts() throws Exception {
    try (FortWorld world = new FortWorld(clusters, secrets, certificates, client, 3600)) {
      world.host(
          "deploy",
          FortWorld.withGitToken(
              FortWorld.manifest(new Object[] {"api", world.upstream("api"), "vpn", "none"}),
              "rw"));

      CycleReport refused = world.cycle();

      assertThat(refused.failedHosts()).containsExactly("deploy");
      assertThat(world.forgejo.tokens()).isEmpty();
      assertThat(audit.query(world.cluster, "deploy", "forgejo", 5))
          .extracting(AuditEntry::detail)
          .first()
          .asString()
          .contains("not on the cluster's git write allow-list");

      clusters.setGitWriteHosts(world.cluster, List.of("deploy"));
      assertThat(world.cycle().failedHosts()).isEmpty();
      assertThat(ferrysTokens(world))
          .singleElement()
          .satisfies(t -> assertThat(t.scopes()).containsExactly("write:repository"));
    }
  }

  private static List<ForgejoSandbox.Token> ferrysTokens(FortWorld world) {
    return world.forgejo.tokens().stream().filter(t -> t.name().startsWith("ferry/")).toList();
  }
}
