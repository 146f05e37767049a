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
import dev.ferry.remote.TlsTrust;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Signed agent clients, acting as the cluster's {@code ferry} principal with the key from the
 * secret store. Requests are signed, not authenticated by a header, so the targets carry no auth.
 */
@Component
public class AgentClients {

  private final SecretStore secrets;
  private final OkHttpClient http;

  /** Parsed keys by secret: a signing key is never resealed in place, so the parse can be kept. */
  private final Map<SecretRef, OpenSshPrivateKey> keys = new ConcurrentHashMap<>();

  public AgentClients(SecretStore secrets, FortProperties properties) {
    this.secrets = secrets;
    this.http = HttpClients.forTarget(properties.agentTimeouts(), TlsTrust.system());
  }

  public AgentClient forHost(FortCluster cluster, FortHost host) {
    OpenSshPrivateKey key =
        keys.computeIfAbsent(
            cluster.signingKeySecret(), ref -> OpenSshPrivateKey.parse(secrets.open(ref)));
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
