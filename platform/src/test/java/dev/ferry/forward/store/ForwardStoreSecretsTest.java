package dev.ferry.forward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardDeploymentService.JumpInput;
import dev.ferry.forward.store.ForwardDeploymentService.Submission;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The Forward services seal every password and key; the rows hold only references, and a change or
 * removal reseals or deletes the secret behind them.
 */
class ForwardStoreSecretsTest {

  private JdbcClient jdbc;
  private SecretStore secrets;
  private ForwardProfileRepository profiles;
  private ForwardDeploymentRepository deployments;
  private ForwardProfileService profileService;
  private ForwardDeploymentService deploymentService;
  private final UUID owner = UUID.randomUUID();

  @BeforeEach
  void migrate() {
    DriverManagerDataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    secrets = new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(TestKeys.newKey("k1"))));
    profiles = new ForwardProfileRepository(jdbc);
    deployments = new ForwardDeploymentRepository(jdbc, new JdbcTemplate(dataSource));
    ForwardCollectorRepository collectors = new ForwardCollectorRepository(jdbc);
    profileService = new ForwardProfileService(profiles, collectors, secrets);
    deploymentService = new ForwardDeploymentService(deployments, secrets);
    jdbc.sql("INSERT INTO users (id, name, role) VALUES (?, 'alice', 'user')")
        .param(owner)
        .update();
  }

  private ForwardProfile profile(String password) {
    return profileService.create(owner, settings("access-key"), password);
  }

  private static ForwardProfile.Settings settings(String username) {
    return new ForwardProfile.Settings("p", "https://fwd.app", username, false, null, null, true);
  }

  private UUID save(ForwardProfile profile, String eosPassword, JumpInput jump) {
    List<DeviceInput> devices =
        List.of(
            new DeviceInput("sw1", "eos", "10.0.0.1", 22, "admin", eosPassword),
            new DeviceInput("sw2", "nxos", "10.0.0.2", 22, "admin", "nxos-pw-2"));
    return deploymentService.save(
        new Submission(owner, "ws", "lab", "byos", profile.id(), devices, List.of(), jump));
  }

  @Test
  void noForwardTableHoldsAPasswordOrKey() {
    ForwardProfile profile = profile("profile-pw-1");
    profileService.saveCollector(profile.id(), "user", "c1", "col", "col-user", "col:key-1");
    save(profile, "eos-pw-1", new JumpInput("jump", 22, "alice", "jump-pw-1", false));

    String rows =
        jdbc.sql(
                """
            SELECT string_agg(r, E'\\n') FROM (
              SELECT row_to_json(t)::text AS r FROM forward_profiles t
              UNION ALL SELECT row_to_json(t)::text FROM forward_collectors t
              UNION ALL SELECT row_to_json(t)::text FROM forward_deployments t
              UNION ALL SELECT row_to_json(t)::text FROM forward_deployment_credentials t
              UNION ALL SELECT row_to_json(t)::text FROM forward_deployment_devices t
              UNION ALL SELECT ciphertext FROM secrets) all_rows""")
            .query(String.class)
            .single();

    assertThat(rows)
        .contains("access-key", "jump", "sw1")
        .doesNotContain("profile-pw-1", "key-1", "eos-pw-1", "nxos-pw-2", "jump-pw-1");
  }

  @Test
  void aProfilePasswordIsResealedInPlaceAndKeptWhenOmitted() {
    ForwardProfile profile = profile("first");
    ForwardProfile rotated = profileService.update(profile, settings("other-key"), "second");
    assertThat(rotated.passwordSecretId()).isEqualTo(profile.passwordSecretId());
    assertThat(rotated.username()).isEqualTo("other-key");
    assertThat(secrets.open(rotated.passwordSecretId())).isEqualTo("second");

    ForwardProfile kept = profileService.update(rotated, settings(null), null);
    assertThat(kept.username()).isEqualTo("other-key");
    assertThat(secrets.open(kept.passwordSecretId())).isEqualTo("second");
  }

  @Test
  void deletingAProfileDeletesItsPasswordAndCollectorKeys() {
    ForwardProfile profile = profile("pw");
    profileService.saveCollector(profile.id(), "user", "c1", "col", "u", "key-1");
    ForwardCollector replacing =
        profileService.saveCollector(profile.id(), "user", "c2", "col", "u", "key-2");
    assertThat(secretCount()).as("the replaced collector's key is gone").isEqualTo(2);
    assertThat(secrets.open(replacing.keySecretId())).isEqualTo("key-2");

    profileService.delete(profile, false);

    assertThat(profiles.findById(profile.id())).isEmpty();
    assertThat(secretCount()).isZero();
  }

  @Test
  void aChangedDevicePasswordIsResealedAndADroppedKindsSecretDeleted() {
    ForwardProfile profile = profile("pw");
    UUID id = save(profile, "eos-old", null);
    Map<String, DeploymentCredential> before = credentialsByKind(id);

    save(profile, "eos-new", null);
    Map<String, DeploymentCredential> after = credentialsByKind(id);
    assertThat(after.get("eos").passwordSecretId()).isEqualTo(before.get("eos").passwordSecretId());
    assertThat(after.get("eos").fingerprint()).isNotEqualTo(before.get("eos").fingerprint());
    assertThat(secrets.open(after.get("eos").passwordSecretId())).isEqualTo("eos-new");
    assertThat(after.get("nxos")).isEqualTo(before.get("nxos"));

    deploymentService.save(
        new Submission(
            owner,
            "ws",
            "lab",
            "byos",
            profile.id(),
            List.of(new DeviceInput("sw1", "eos", "10.0.0.1", 22, "admin", "eos-new")),
            List.of(),
            null));
    assertThat(credentialsByKind(id)).containsOnlyKeys("eos");
    assertThat(secretExists(before.get("nxos").passwordSecretId())).isFalse();
  }

  @Test
  void aChangedJumpSecretGetsANewSecretAndTheOldOneIsDeleted() {
    ForwardProfile profile = profile("pw");
    UUID id = save(profile, "eos", new JumpInput("jump", 22, "alice", "one", false));
    SecretRef first = deployments.get(id).jumpSecretId();

    save(profile, "eos", new JumpInput("jump", 22, "alice", "one", false));
    assertThat(deployments.get(id).jumpSecretId()).as("unchanged: kept").isEqualTo(first);

    save(profile, "eos", new JumpInput("jump", 22, "alice", "two", false));
    SecretRef second = deployments.get(id).jumpSecretId();
    assertThat(second).isNotEqualTo(first);
    assertThat(secrets.open(second)).isEqualTo("two");
    assertThat(secretExists(first)).isFalse();

    save(profile, "eos", null);
    assertThat(deployments.get(id).jumpSecretId()).isNull();
    assertThat(secretExists(second)).isFalse();
  }

  private Map<String, DeploymentCredential> credentialsByKind(UUID id) {
    return deployments.credentials(id).stream()
        .collect(Collectors.toMap(DeploymentCredential::kind, c -> c));
  }

  private long secretCount() {
    return jdbc.sql("SELECT count(*) FROM secrets").query(Long.class).single();
  }

  private boolean secretExists(SecretRef ref) {
    return jdbc.sql("SELECT count(*) FROM secrets WHERE id = ?")
            .param(ref.id())
            .query(Long.class)
            .single()
        > 0;
  }
}
