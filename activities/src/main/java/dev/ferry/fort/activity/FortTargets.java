package dev.ferry.fort.activity;

import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.remote.Auth;
import dev.ferry.remote.FailureTypes;
import dev.ferry.remote.HttpClients;
import dev.ferry.remote.RemoteTarget;
import dev.ferry.remote.TlsTrust;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Looks up what an activity acts on: the cluster, a host's agent, the provider clients with their
 * secrets.
 */
@Component
class FortTargets {

  /** The failure types the Fort workflows report for pocket-id and Forgejo. */
  static final FailureTypes PROVIDER_FAILURES =
      kind ->
          switch (kind) {
            case RATE_LIMITED -> "RateLimited";
            case BAD_CREDENTIALS, PERMISSION_DENIED -> "ProviderCredentialsRejected";
            default -> kind.retryable() ? "ProviderUnavailable" : "ProviderRejected";
          };

  private final FortClusterRepository clusters;
  private final SecretStore secrets;
  private final AgentClients agents;
  private final OkHttpClient providers;

  FortTargets(
      FortClusterRepository clusters,
      SecretStore secrets,
      AgentClients agents,
      FortProperties properties) {
    this.clusters = clusters;
    this.secrets = secrets;
    this.agents = agents;
    this.providers = HttpClients.forTarget(properties.providerTimeouts(), TlsTrust.system());
  }

  FortCluster cluster(String name) {
    return clusters
        .find(name)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure("no cluster " + name, "UnknownCluster"));
  }

  FortHost host(String cluster, String name) {
    return clusters
        .host(cluster, name)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "no host " + name + " in " + cluster, "UnknownHost"));
  }

  AgentClient agent(FortCluster cluster, FortHost host) {
    return agents.forHost(cluster, host);
  }

  PocketIdClient pocketId(FortCluster cluster) {
    if (cluster.pocketIdUrl() == null || cluster.pocketIdKeySecret() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cluster has no pocket-id settings", "NotConfigured");
    }
    return new PocketIdClient(
        new RemoteTarget(
            "pocket-id",
            cluster.pocketIdUrl(),
            Auth.header("X-API-KEY", secrets.open(cluster.pocketIdKeySecret())),
            providers,
            PROVIDER_FAILURES));
  }

  ForgejoClient forgejo(FortCluster cluster) {
    if (cluster.forgejoUrl() == null || cluster.forgejoPasswordSecret() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cluster has no Forgejo settings", "NotConfigured");
    }
    return new ForgejoClient(
        new RemoteTarget(
            "Forgejo",
            cluster.forgejoUrl(),
            Auth.basic(cluster.forgejoUser(), secrets.open(cluster.forgejoPasswordSecret())),
            providers,
            PROVIDER_FAILURES),
        cluster.forgejoUser());
  }

  /** Hosts that may receive read-write Forgejo tokens. */
  List<String> gitWriteHosts(FortCluster cluster) {
    return clusters.gitWriteHosts(cluster.name());
  }

  static Map<String, byte[]> files(String... namesAndContents) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }
}
