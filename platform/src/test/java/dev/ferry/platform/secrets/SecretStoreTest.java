package dev.ferry.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
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
    DriverManagerDataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
  }

  private SecretStore store(String keys) {
    return new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(keys)));
  }

  @Test
  void storesOnlyCiphertext() {
    SecretStore store = store(oldKey);
    SecretRef ref = store.seal("test", "p@ssw0rd-visible?");
    assertThat(store.open(ref)).isEqualTo("p@ssw0rd-visible?");
    String raw =
        jdbc.sql("SELECT ciphertext FROM secrets WHERE id = ?")
            .param(ref.id())
            .query(String.class)
            .single();
    assertThat(raw).startsWith("old:").doesNotContain("p@ssw0rd");
  }

  @Test
  void resealAndDelete() {
    SecretStore store = store(oldKey);
    SecretRef ref = store.seal("test", "one");
    store.reseal(ref, "two");
    assertThat(store.open(ref)).isEqualTo("two");
    store.delete(ref);
    assertThatThrownBy(() -> store.open(ref)).hasMessageContaining(ref.toString());
  }

  @Test
  void reencryptMovesEverySecretToTheNewestKey() {
    SecretStore before = store(oldKey);
    SecretRef a = before.seal("test", "alpha");
    SecretRef b = before.seal("test", "beta");
    SecretStore after = store(newKey + "," + oldKey);
    SecretRef c = after.seal("test", "gamma");

    assertThat(after.reencryptAll()).isEqualTo(2);
    assertThat(after.usage()).containsExactly(new SecretStore.KeyUsage("new", 3));
    assertThat(after.reencryptAll()).as("second run has nothing to do").isZero();

    SecretStore newOnly = store(newKey);
    assertThat(newOnly.open(a)).isEqualTo("alpha");
    assertThat(newOnly.open(b)).isEqualTo("beta");
    assertThat(newOnly.open(c)).isEqualTo("gamma");
  }
}
