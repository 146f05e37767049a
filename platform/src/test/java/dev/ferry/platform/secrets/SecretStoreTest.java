package dev.ferry.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Against a real PostgreSQL with the real migrations. */
class SecretStoreTest {

  private final String oldKey = TestKeys.newKey("old");
  private final String newKey = TestKeys.newKey("new");
  private JdbcClient jdbc;

  @BeforeEach
  void migrate() {
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(TestDatabase.newDatabaseUrl(), "postgres", "postgres");
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
  }

  private SecretStore store(String keys) {
    return new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(keys)));
  }

  @Test
  void storesOnlyCiphertext() {
    SecretStore store = store(oldKey);
    UUID id = store.put("test", "p@ssw0rd-visible?");
    assertThat(store.get(id)).isEqualTo("p@ssw0rd-visible?");
    String raw =
        jdbc.sql("SELECT ciphertext FROM secrets WHERE id = ?")
            .param(id)
            .query(String.class)
            .single();
    assertThat(raw).startsWith("old:").doesNotContain("p@ssw0rd");
  }

  @Test
  void replaceAndDelete() {
    SecretStore store = store(oldKey);
    UUID id = store.put("test", "one");
    store.replace(id, "two");
    assertThat(store.get(id)).isEqualTo("two");
    store.delete(id);
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void reencryptMovesEverySecretToTheNewestKey() {
    SecretStore before = store(oldKey);
    UUID a = before.put("test", "alpha");
    UUID b = before.put("test", "beta");
    SecretStore after = store(newKey + "," + oldKey);
    UUID c = after.put("test", "gamma");

    assertThat(after.reencryptAll()).isEqualTo(2);
    assertThat(after.usage()).containsExactly(new SecretStore.KeyUsage("new", 3));
    assertThat(after.reencryptAll()).as("second run has nothing to do").isZero();

    SecretStore newOnly = store(newKey);
    assertThat(newOnly.get(a)).isEqualTo("alpha");
    assertThat(newOnly.get(b)).isEqualTo("beta");
    assertThat(newOnly.get(c)).isEqualTo("gamma");
  }
}
