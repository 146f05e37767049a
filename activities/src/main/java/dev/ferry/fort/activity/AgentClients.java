package dev.ferry.fort.activity;

import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortHost;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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

  /** Parsed keys by secret: a signing key is never resealed in place, so the parse can be kept. */
  private final Map<SecretRef, OpenSshPrivateKey> keys = new ConcurrentHashMap<>();

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
            cluster.signingKeySecret(), ref -> OpenSshPrivateKey.parse(secrets.open(ref)));
    return new AgentClient(
        URI.create(agentUrl),
        FortCluster.PRINCIPAL,
        key,
        http,
        properties.agentTimeout(),
        Clock.systemUTC());
  }
}
