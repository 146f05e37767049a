package dev.ferry.sandbox.forgejo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official Gitea Go SDK (code.gitea.io/sdk/gitea, pinned in src/test/go/forgejo-sdk/go.mod)
 * against the Forgejo stand-in: {@code go run} of a small program, skipped when {@code go} is not
 * on the PATH. Go's module and build caches make later runs quick.
 */
class ForgejoSdkTest {

  @Test
  void theGiteaSdkManagesTokensOnTheStandIn() throws Exception {
    assumeTrue(onPath("go"), "go is not installed");
    try (ForgejoSandbox forgejo = new ForgejoSandbox().start(0)) {
      forgejo.addUser("forge-admin", "pw");
      Path output = Files.createTempFile("forgejo-sdk", ".log");
      Process go =
          new ProcessBuilder("go", "run", ".", forgejo.baseUrl(), "forge-admin", "pw")
              .directory(new File("src/test/go/forgejo-sdk"))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished = go.waitFor(5, TimeUnit.MINUTES);
      if (!finished) {
        go.destroyForcibly();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(finished).as(log).isTrue();
      assertThat(go.exitValue()).as(log).isZero();
      assertThat(log).contains("ok");
      assertThat(forgejo.tokens()).hasSize(63);
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
