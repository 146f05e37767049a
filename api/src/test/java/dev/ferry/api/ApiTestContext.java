package dev.ferry.api;

import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every API suite's Spring context needs: a fresh database, the suite's own dev-server
 * namespace, a secret key, and a file for the first admin's token.
 */
public final class ApiTestContext {

  private ApiTestContext() {}

  /** A new key and a token file in a new temporary directory. */
  public static void register(DynamicPropertyRegistry registry, DevServerNamespace temporal) {
    try {
      Path tokenFile = Files.createTempDirectory("ferry-api").resolve("admin-token");
      register(registry, temporal, TestKeys.newKey("k1"), tokenFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void register(
      DynamicPropertyRegistry registry,
      DevServerNamespace temporal,
      String secretKeys,
      Path tokenFile) {
    registry.add("spring.datasource.url", TestDatabase::newDatabaseUrl);
    registry.add("spring.temporal.connection.target", temporal::target);
    registry.add("spring.temporal.namespace", temporal::name);
    registry.add("ferry.secrets.keys", () -> secretKeys);
    registry.add("ferry.api.bootstrap-token-file", tokenFile::toString);
  }
}
