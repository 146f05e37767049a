package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.DeploymentCredential;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.workflow.ForwardDestroyActivities;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.ActivityImpl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;

/**
 * Destroy removes every object Ferry created for the deployment: its devices and endpoints (those
 * marked for it, and any the inventory still names), its CLI credentials, jump servers and Linux
 * endpoint profile; the network itself only when asked to.
 */
@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardDestroyActivitiesImpl implements ForwardDestroyActivities {

  private static final int DELETE_BATCH = 1000;

  private final ForwardDeploymentRepository deployments;
  private final ForwardClients clients;

  public ForwardDestroyActivitiesImpl(
      ForwardDeploymentRepository deployments, ForwardClients clients) {
    this.deployments = deployments;
    this.clients = clients;
  }

  @Override
  public int removeDevices(String deploymentId) {
    return ForwardSyncActivitiesImpl.forward(
        () -> {
          ForwardDeployment d = deployments.get(UUID.fromString(deploymentId));
          ForwardClient client = client(d);
          int removed = 0;
          if (d.networkId() != null) {
            try {
              removed +=
                  removeSources(d, client.devices(d.networkId()), false, client::deleteDevices);
              removed +=
                  removeSources(d, client.endpoints(d.networkId()), true, client::deleteEndpoints);
              removeAccess(client, d);
            } catch (RemoteException e) {
              if (e.status() != 404) {
                throw e;
              }
              deployments.forgetForwardIds(d.id()); // the network itself is gone
            }
          }
          removeEndpointProfile(client, d);
          deployments.forgetAccess(d.id());
          return removed;
        });
  }

  /** Ferry's sources in the network: marked for this deployment, or named by its inventory. */
  private int removeSources(
      ForwardDeployment d,
      List<JsonNode> inForward,
      boolean endpoints,
      BiConsumer<String, List<String>> delete) {
    Set<String> inventory = new HashSet<>();
    deployments
        .devices(d.id(), endpoints, 0, Integer.MAX_VALUE)
        .forEach(x -> inventory.add(x.name().toLowerCase(Locale.ROOT)));
    List<String> ours = new ArrayList<>();
    for (JsonNode source : inForward) {
      String name = source.path("name").asText();
      if (ForwardMarks.marks(source, d.id()) || inventory.contains(name.toLowerCase(Locale.ROOT))) {
        ours.add(name);
      }
    }
    for (int from = 0; from < ours.size(); from += DELETE_BATCH) {
      delete.accept(d.networkId(), ours.subList(from, Math.min(ours.size(), from + DELETE_BATCH)));
    }
    return ours.size();
  }

  /** Credentials and jump servers, after the devices that used them are gone. */
  private void removeAccess(ForwardClient client, ForwardDeployment d) {
    for (DeploymentCredential c : deployments.credentials(d.id())) {
      for (String id : new String[] {c.forwardId(), c.retiredForwardId()}) {
        if (id != null) {
          ForwardClient.deleteIfPresent(() -> client.deleteCliCredential(d.networkId(), id));
        }
      }
    }
    for (String id : new String[] {d.jumpServerId(), d.retiredJumpServerId()}) {
      if (id != null) {
        ForwardClient.deleteIfPresent(() -> client.deleteJumpServer(d.networkId(), id));
      }
    }
  }

  /** The Linux endpoint profile is per organisation, so it outlives the network: delete it too. */
  private static void removeEndpointProfile(ForwardClient client, ForwardDeployment d) {
    if (d.endpointProfileId() != null) {
      ForwardClient.deleteIfPresent(() -> client.deleteEndpointProfile(d.endpointProfileId()));
    }
  }

  @Override
  public boolean deleteNetwork(String deploymentId) {
    return ForwardSyncActivitiesImpl.forward(
        () -> {
          ForwardDeployment d = deployments.get(UUID.fromString(deploymentId));
          ForwardClient client = client(d);
          boolean deleted =
              d.networkId() != null
                  && ForwardClient.deleteIfPresent(() -> client.deleteNetwork(d.networkId()));
          removeEndpointProfile(client, d);
          deployments.forgetForwardIds(d.id());
          deployments.forgetAccess(d.id());
          return deleted;
        });
  }

  private ForwardClient client(ForwardDeployment d) {
    return clients.forProfile(clients.profile(d.profileId().toString()));
  }
}
