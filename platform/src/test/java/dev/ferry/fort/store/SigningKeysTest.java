package dev.ferry.fort.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @Test
  void generatedKeysAreReadByOpenSsh(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed");
    SigningKeys.SigningKey key = SigningKeys.generate("ferry@test");
    Path file = dir.resolve("id_ed25519");
    Files.writeString(file, key.privateKeyPem());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    Process p =
        new ProcessBuilder("/usr/bin/ssh-keygen", "-y", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

    assertThat(p.waitFor()).isZero();
    assertThat(key.publicKeyLine()).startsWith(derived.split(" ")[0] + " " + derived.split(" ")[1]);
    assertThat(key.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void everyKeyIsNew() {
    assertThat(SigningKeys.generate("a").publicKeyLine())
        .isNotEqualTo(SigningKeys.generate("a").publicKeyLine());
  }
}
