package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.activity.CollectorManifests.Manifest;
import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.ForwardBastion;
import dev.ferry.forward.store.ForwardBastionRepository;
import dev.ferry.forward.store.ForwardBastionService;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.workflow.ForwardBastionActivities;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The Ferry-provided bastion's steps. The tenant's bastion is applied to the cluster (see {@link
 * BastionManifests}) with a NetworkPolicy built from every deployment that uses it; its address (a
 * node port at {@code ferry.forward.bastion.node-address}, or the load balancer's) becomes the
 * deployment's jump server, which the sync's credentials step registers in Forward with the
 * bastion's key. The key never leaves the secret store but to Forward.
 */
@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardBastions implements ForwardBastionActivities {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final ForwardDeploymentRepository deployments;
  private final ForwardBastionRepository bastions;
  private final ForwardBastionService service;
  private final KubernetesApi cluster;
  private final BastionProperties properties;

  public ForwardBastions(
      ForwardDeploymentRepository deployments,
      ForwardBastionRepository bastions,
      ForwardBastionService service,
      KubernetesApi cluster,
      BastionProperties properties) {
    this.deployments = deployments;
    this.bastions = bastions;
    this.service = service;
    this.cluster = cluster;
    this.properties = properties;
  }

  @Override
  public void ensureBastion(String deploymentId) {
    UUID id = UUID.fromString(deploymentId);
    ForwardDeployment d = deployments.get(id);
    boolean perWorkspace = properties.scope().equals("workspace");
    String tenant = perWorkspace ? "workspace:" + d.workspace() : "user:" + d.ownerId();
    String name =
        ForwardNames.dnsLabel(
            "ferry-bastion-"
                + (perWorkspace ? "w-" + d.workspace() : "u-" + deployments.ownerName(d)),
            63);
    Optional<ForwardBastion> assigned = service.assign(id, tenant, name);
    if (assigned.isEmpty()) {
      return;
    }
    if (!cluster.configured()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the Ferry bastion runs in Kubernetes: set ferry.forward.kubernetes.api-url",
          "ForwardBastionUnconfigured");
    }
    boolean nodePort = properties.serviceType().equals("NodePort");
    if (nodePort && (properties.nodeAddress() == null || properties.nodeAddress().isBlank())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a NodePort bastion needs ferry.forward.bastion.node-address, where Forward reaches it",
          "ForwardBastionUnconfigured");
    }
    ForwardBastion bastion = assigned.get();
    JsonNode applied = RemoteException.failingActivity(() -> apply(bastion, null));
    String host;
    int port;
    if (nodePort) {
      host = properties.nodeAddress();
      port = applied.at("/spec/ports/0/nodePort").asInt();
    } else {
      JsonNode ingress = applied.at("/status/loadBalancer/ingress/0");
      host =
          ingress.hasNonNull("ip")
              ? ingress.path("ip").asText()
              : ingress.path("hostname").asText(null);
      port = applied.at("/spec/ports/0/port").asInt();
      if (host == null || host.isBlank()) {
        // retried: the cloud's load-balancer controller has not given it an address yet
        throw ApplicationFailure.newFailure(
            "the bastion's load balancer " + bastion.name() + " has no address yet",
            "ForwardBastionPending");
      }
    }
    bastions.recordAddress(bastion.id(), host, port);
    service.useAsJumpServer(id, bastions.find(bastion.id()).orElseThrow());
  }

  @Override
  public void releaseBastion(String deploymentId) {
    UUID id = UUID.fromString(deploymentId);
    Optional<ForwardBastion> bastion = bastions.forDeployment(id);
    if (bastion.isPresent() && cluster.configured()) {
      RemoteException.failingActivity(
          () -> {
            if (service.lastUser(id, bastion.get())) {
              BastionManifests.paths(cluster.namespace(), bastion.get().name())
                  .forEach(cluster::delete);
            } else {
              apply(bastion.get(), id); // the policy stops reaching this deployment
            }
            return null;
          });
    }
    service.release(id);
  }

  /**
   * Applies the bastion's objects for its users (but {@code leaving}); returns the Service as the
   * cluster has it.
   */
  private JsonNode apply(ForwardBastion bastion, UUID leaving) {
    SortedSet<String> namespaces = new TreeSet<>();
    SortedSet<String> addresses = new TreeSet<>();
    for (ForwardBastionRepository.User user : bastions.users(bastion.id())) {
      if (user.deploymentId().equals(leaving)) {
        continue;
      }
      namespaces.add(
          ForwardNames.dnsLabel(
              properties
                  .deploymentNamespace()
                  .replace("{workspace}", user.workspace())
                  .replace("{deployment}", user.name()),
              63));
      addresses.addAll(deviceAddresses(user.deploymentId()));
    }
    JsonNode last = null;
    for (Manifest m :
        BastionManifests.render(
            cluster.namespace(),
            bastion.name(),
            bastion.publicKey(),
            properties.image(),
            properties.serviceType(),
            namespaces,
            addresses)) {
      last = cluster.apply(m.path(), m.body());
    }
    return last;
  }

  /**
   * The deployment's device and Linux host addresses that are IP literals (a policy holds no
   * names).
   */
  private List<String> deviceAddresses(UUID deploymentId) {
    return List.of(false, true).stream()
        .flatMap(
            endpoint -> deployments.devices(deploymentId, endpoint, 0, Integer.MAX_VALUE).stream())
        .map(DeploymentDevice::host)
        .filter(h -> IPV4.matcher(h).matches() || h.contains(":"))
        .toList();
  }
}
