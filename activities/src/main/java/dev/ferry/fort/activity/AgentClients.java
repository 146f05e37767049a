package dev.ferry.fort.activity;

import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortHost;
import dev.ferry.platform.secrets.SecretStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Signed agent clients, acting as the cluster's {@code ferry} principal with the key from the
 * secret store.
 */
@Component
public class AgentClients {

  private final SecretStore secrets;
  private final FortProperties properties;
  private final HttpClient http;

  /** Parsed keys by secret id: a secret id's value never changes, so the parse can be kept. */
  private final Map<UUID, OpenSshPrivateKey> keys = new ConcurrentHashMap<>();

  public AgentClients(SecretStore secrets, FortProperties properties) {
    this.secrets = secrets;
    this.properties = properties;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public AgentClient forHost(FortCluster cluster, FortHost host) {
    return forUrl(cluster, host.agentUrl());
  }

  public AgentClient forUrl(FortCluster cluster, String agentUrl) {
    OpenSshPrivateKey key =
        keys.computeIfAbsent(
            cluster.signingKeySecret(), id -> OpenSshPrivateKey.parse(secrets.get(id)));
    return new AgentClient(
        URI.create(agentUrl),
        FortCluster.PRINCIPAL,
        key,
        http,
        properties.agentTimeout(),
        Clock.systemUTC());
  }
}
