package dev.ferry.forward.activity;

import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.workflow.ForwardDestroyActivities;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.ActivityImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

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
          if (d.networkId() == null) {
            return 0;
          }
          ForwardClient client = clients.forProfile(clients.profile(d.profileId().toString()));
          int removed = 0;
          try {
            for (boolean endpoint : new boolean[] {false, true}) {
              List<DeploymentDevice> devices =
                  deployments.devices(d.id(), endpoint, 0, Integer.MAX_VALUE);
              for (int from = 0; from < devices.size(); from += DELETE_BATCH) {
                List<String> names = new ArrayList<>();
                devices
                    .subList(from, Math.min(devices.size(), from + DELETE_BATCH))
                    .forEach(x -> names.add(x.name()));
                if (endpoint) {
                  client.deleteEndpoints(d.networkId(), names);
                } else {
                  client.deleteDevices(d.networkId(), names);
                }
                removed += names.size();
              }
            }
          } catch (RemoteException e) {
            if (e.status() != 404) {
              throw e;
            }
            deployments.forgetForwardIds(
                d.id()); // the network itself is gone: nothing left to remove
          }
          return removed;
        });
  }

  @Override
  public boolean deleteNetwork(String deploymentId) {
    return ForwardSyncActivitiesImpl.forward(
        () -> {
          ForwardDeployment d = deployments.get(UUID.fromString(deploymentId));
          if (d.networkId() == null) {
            return false;
          }
          boolean deleted = true;
          try {
            clients
                .forProfile(clients.profile(d.profileId().toString()))
                .deleteNetwork(d.networkId());
          } catch (RemoteException e) {
            if (e.status() != 404) {
              throw e;
            }
            deleted = false;
          }
          deployments.forgetForwardIds(d.id());
          return deleted;
        });
  }
}
