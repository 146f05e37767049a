package dev.ferry.foreman.activity;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanConfigService;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh, migrated database with the Foreman repositories on top, as the worker would have them.
 */
final class ForemanStore {

  final SecretStore secrets;
  final ForemanConfigRepository configs;
  final ForemanConfigService configService;
  final ForemanTestResultRepository results;
  final ForemanSnapshotRepository snapshots;
  final JdbcClient jdbc;

  ForemanStore() {
    DriverManagerDataSource dataSource = TestDatabase.newDataSource();
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
    secrets = new SecretStore(jdbc, new SecretCipher(SecretKeyring.parse(TestKeys.newKey("k1"))));
    configs = new ForemanConfigRepository(jdbc);
    configService = new ForemanConfigService(configs, secrets);
    results = new ForemanTestResultRepository(jdbc);
    snapshots = new ForemanSnapshotRepository(jdbc, new JdbcTemplate(dataSource));
  }

  ForemanConfig config(String name, String baseUrl, String username, String token) {
    return config(name, baseUrl, username, token, 2_000, 5_000);
  }

  ForemanConfig config(
      String name, String baseUrl, String username, String token, int connectMs, int readMs) {
    return configService.create(
        new ForemanConfig.Settings(name, baseUrl, username, true, null, connectMs, readMs, null),
        token);
  }
}
