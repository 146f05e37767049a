package dev.ferry.foreman.activity;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.http.TlsTrust;
import dev.ferry.platform.secrets.SecretStore;
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
  private final OkHttpClient base = new OkHttpClient.Builder().followRedirects(false).build();
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
    OkHttpClient.Builder http =
        base.newBuilder()
            .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
            .readTimeout(Duration.ofMillis(config.readTimeoutMs()))
            .callTimeout(
                Duration.ofMillis(config.connectTimeoutMs() + 2L * config.readTimeoutMs()));
    TlsTrust.apply(http, config.verifyTls(), config.caBundlePem());
    return new ForemanClient(http.build(), config.baseUrl(), config.username(), credential);
  }
}
