package dev.ferry.foreman.activity;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.HttpClients;
import dev.ferry.remote.Timeouts;
import dev.ferry.remote.TlsTrust;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * One client per configuration, reused across activities so connections are pooled; rebuilt when
 * the configuration changes (updated_at moves, e.g. a rotated token).
 */
@Component
public class ForemanClients {

  private final SecretStore secrets;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  public ForemanClients(SecretStore secrets) {
    this.secrets = secrets;
  }

  private record Cached(OffsetDateTime version, ForemanClient client) {}

  public ForemanClient forConfig(ForemanConfig config) {
    Cached cached = cache.get(config.id());
    if (cached != null && cached.version().equals(config.updatedAt())) {
      return cached.client();
    }
    ForemanClient client = build(config, secrets.open(config.secretId()));
    cache.put(config.id(), new Cached(config.updatedAt(), client));
    return client;
  }

  private ForemanClient build(ForemanConfig config, String credential) {
    // the timeouts are the configuration's own: each Foreman install is as slow as it is
    OkHttpClient http =
        HttpClients.forTarget(
            new Timeouts(
                Duration.ofMillis(config.connectTimeoutMs()),
                Duration.ofMillis(config.readTimeoutMs()),
                Duration.ofMillis(config.connectTimeoutMs() + 2L * config.readTimeoutMs())),
            TlsTrust.of(config.verifyTls(), config.caBundlePem()));
    return new ForemanClient(http, config.baseUrl(), config.username(), credential);
  }
}
