package dev.ferry.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import db.migration.V41__SplitForwardProfileCredentials;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A profile stored before V40 ("user:password" in one secret) is split by V41. */
class ForwardProfileCredentialsMigrationTest {

  private final String oldKey = TestKeys.newKey("old");
  private final String newKey = TestKeys.newKey("new");

  @Test
  void movesTheUserNameToItsColumnAndResealsOnlyThePassword() {
    DataSource dataSource = TestDatabase.newDataSource();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Flyway.configure().dataSource(dataSource).target("30").load().migrate();
    UUID owner = UUID.randomUUID();
    jdbc.sql("INSERT INTO users (id, name, role) VALUES (?, 'alice', 'user')")
        .param(owner)
        .update();
    // as the code before V40 stored it, under a key that has since been rotated out of first place
    SecretStore before = new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(oldKey)));
    SecretRef combined = before.seal("forward-profile", "access-key:se:cr:et");
    UUID profile = UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO forward_profiles (id, owner_id, name, base_url, credentials_secret_id)"
                + " VALUES (?, ?, 'p', 'https://fwd.app', ?)")
        .params(profile, owner, combined.id())
        .update();

    // configured as the applications configure it: the keys reach V41 through the customizer
    FluentConfiguration flyway = Flyway.configure().dataSource(dataSource);
    new FerryPlatformConfiguration()
        .secretKeysForMigrations(new FerrySecretsProperties(List.of(newKey, oldKey)))
        .customize(flyway);
    flyway.load().migrate();

    ForwardProfile migrated = new ForwardProfileRepository(jdbc).findById(profile).orElseThrow();
    assertThat(migrated.username()).isEqualTo("access-key");
    assertThat(migrated.passwordSecretId()).isEqualTo(combined);
    SecretStore after =
        new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(newKey + "," + oldKey)));
    assertThat(after.open(migrated.passwordSecretId()))
        .as("passwords may contain ':'; only the first one separated the user name")
        .isEqualTo("se:cr:et");
    assertThat(after.usage()).containsExactly(new SecretStore.KeyUsage("new", 1));
    assertThat(
            jdbc.sql("SELECT purpose FROM secrets WHERE id = ?")
                .param(combined.id())
                .query(String.class)
                .single())
        .isEqualTo("forward-profile-password");
  }

  @Test
  void withoutKeysARowToSplitStopsTheMigration() {
    DataSource dataSource = TestDatabase.newDataSource();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Flyway.configure().dataSource(dataSource).target("40").load().migrate();
    UUID owner = UUID.randomUUID();
    jdbc.sql("INSERT INTO users (id, name, role) VALUES (?, 'bob', 'user')").param(owner).update();
    SecretRef combined =
        new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(oldKey))).seal("p", "u:pw");
    jdbc.sql(
            "INSERT INTO forward_profiles (id, owner_id, name, base_url, password_secret_id)"
                + " VALUES (?, ?, 'p', 'https://fwd.app', ?)")
        .params(UUID.randomUUID(), owner, combined.id())
        .update();

    assertThatThrownBy(() -> Flyway.configure().dataSource(dataSource).load().migrate())
        .hasStackTraceContaining(V41__SplitForwardProfileCredentials.KEYS_PLACEHOLDER);
  }

  @Test
  void aFreshDatabaseMigratesWithoutKeys() {
    DataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    assertThat(
            JdbcClient.create(dataSource)
                .sql(
                    "SELECT is_nullable FROM information_schema.columns"
                        + " WHERE table_name = 'forward_profiles' AND column_name = 'username'")
                .query(String.class)
                .single())
        .isEqualTo("NO");
  }
}
