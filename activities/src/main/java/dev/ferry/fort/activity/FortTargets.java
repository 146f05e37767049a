package dev.ferry.fort.activity;

import dev.ferry.agent.client.AgentClient;
import dev.ferry.agent.client.AgentException;
import dev.ferry.fort.store.FortCluster;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortHost;
import dev.ferry.platform.secrets.SecretStore;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Looks up what an activity acts on: the cluster, a host's agent, the provider clients with their
 * secrets.
 */
@Component
class FortTargets {

  private final FortClusterRepository clusters;
  private final SecretStore secrets;
  private final AgentClients agents;

  FortTargets(FortClusterRepository clusters, SecretStore secrets, AgentClients agents) {
    this.clusters = clusters;
    this.secrets = secrets;
    this.agents = agents;
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
    return new PocketIdClient(cluster.pocketIdUrl(), secrets.open(cluster.pocketIdKeySecret()));
  }

  ForgejoClient forgejo(FortCluster cluster) {
    if (cluster.forgejoUrl() == null || cluster.forgejoTokenSecret() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cluster has no Forgejo settings", "NotConfigured");
    }
    return new ForgejoClient(
        cluster.forgejoUrl(), cluster.forgejoUser(), secrets.open(cluster.forgejoTokenSecret()));
  }

  /** Runs an agent call, turning its errors into classified activity failures. */
  static <T> T onAgent(String host, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (AgentException e) {
      throw RemoteFailures.agent(host, e);
    }
  }

  static Map<String, byte[]> files(String... namesAndContents) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }
}
