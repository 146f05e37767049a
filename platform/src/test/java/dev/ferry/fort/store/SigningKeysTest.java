package dev.ferry.fort.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.testing.SshKeygen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @Test
  void generatedKeysAreReadByOpenSsh(@TempDir Path dir) throws Exception {
    SshKeygen.assumePresent();
    SigningKeys.SigningKey key = SigningKeys.generate("ferry@test");
    Path file = dir.resolve("id_ed25519");
    Files.writeString(file, key.privateKeyPem());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    String derived = SshKeygen.derivePublicKey(file);

    assertThat(key.publicKeyLine()).startsWith(derived.split(" ")[0] + " " + derived.split(" ")[1]);
    assertThat(key.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void everyKeyIsNew() {
    assertThat(SigningKeys.generate("a").publicKeyLine())
        .isNotEqualTo(SigningKeys.generate("a").publicKeyLine());
  }
}
