package dev.ferry.platform;

import db.migration.V41__SplitForwardProfileCredentials;
import dev.ferry.platform.codec.FerryDataConverter;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretKeyring;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.platform.temporal.TemporalHealthIndicator;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every Ferry process shares: the keyring, the secret store and the encrypting data converter.
 */
@AutoConfiguration(
    beforeName = "io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration")
@EnableConfigurationProperties(FerrySecretsProperties.class)
public class FerryPlatformConfiguration {

  @Bean
  SecretKeyring secretKeyring(FerrySecretsProperties properties) {
    return SecretKeyring.parse(properties.keys());
  }

  @Bean
  SecretCipher secretCipher(SecretKeyring keyring) {
    return new SecretCipher(keyring);
  }

  @Bean
  SecretStore secretStore(JdbcClient jdbc, SecretCipher cipher) {
    return new SecretStore(jdbc, cipher);
  }

  /** Hands the keys to the one migration that has to open secrets (V41). */
  @Bean
  FlywayConfigurationCustomizer secretKeysForMigrations(FerrySecretsProperties properties) {
    return configuration -> {
      Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
      placeholders.put(
          V41__SplitForwardProfileCredentials.KEYS_PLACEHOLDER,
          properties.keys() == null ? "" : String.join(",", properties.keys()));
      configuration.placeholders(placeholders);
    };
  }

  /** Picked up by temporal-spring-boot-starter for every client and worker. */
  @Bean
  DataConverter mainDataConverter(SecretKeyring keyring) {
    return FerryDataConverter.encrypted(keyring);
  }

  @Bean
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  TemporalHealthIndicator temporalHealthIndicator(ObjectProvider<WorkflowServiceStubs> stubs) {
    return new TemporalHealthIndicator(stubs);
  }
}
