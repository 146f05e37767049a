package dev.ferry.fort.activity;

import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortHost;
import dev.ferry.platform.secrets.SecretRef;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.HttpClients;
import dev.ferry.remote.RemoteTarget;
import dev.ferry.remote.Timeouts;
import dev.ferry.remote.TlsTrust;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Signed agent clients, acting as the cluster's {@code ferry} principal with the key from the
 * secret store. Requests are signed, not authenticated by a header, so the targets carry no auth.
 *
 * <p>The agent authenticates itself by TLS: its certificate must come from the cluster CA and name
 * the host's agent name ({@link FortCluster#agentName}), whatever address its URL dials. A host
 * that fails either is refused during the handshake, before a request (or a secret in it) is sent.
 */
@Component
public class AgentClients {

  private final SecretStore secrets;
  private final Timeouts timeouts;

  /** Parsed keys by secret: a signing key is never resealed in place, so the parse can be kept. */
  private final Map<SecretRef, OpenSshPrivateKey> keys = new ConcurrentHashMap<>();

  /**
   * One client per CA and agent name, so a host's connections are reused across calls; a new CA
   * gets new clients.
   */
  private final Map<Trust, OkHttpClient> clients = new ConcurrentHashMap<>();

  private record Trust(String caCertificatePem, String agentName) {}

  public AgentClients(SecretStore secrets, FortProperties properties) {
    this.secrets = secrets;
    this.timeouts = properties.agentTimeouts();
  }

  public AgentClient forHost(FortCluster cluster, FortHost host) {
    OpenSshPrivateKey key =
        keys.computeIfAbsent(
            cluster.signingKeySecret(), ref -> OpenSshPrivateKey.parse(secrets.open(ref)));
    OkHttpClient http =
        clients.computeIfAbsent(
            new Trust(cluster.caCertificatePem(), cluster.agentName(host.name())),
            trust ->
                HttpClients.forTarget(
                    timeouts,
                    TlsTrust.of(true, trust.caCertificatePem()).forPeer(trust.agentName())));
    return new AgentClient(
        new RemoteTarget(
            "agent " + host.name(),
            host.agentUrl(),
            Auth.none(),
            http,
            FailureTypes.split("AgentUnavailable", "AgentRejected")),
        FortCluster.PRINCIPAL,
        key,
        Clock.systemUTC());
  }
}
