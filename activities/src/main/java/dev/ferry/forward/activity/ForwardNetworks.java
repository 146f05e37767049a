package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.workflow.NetworkRef;
import dev.ferry.remote.RemoteException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one Forward network of a deployment. Each (workspace, deployment) gets its own network,
 * marked as its own in the network's note ({@link ForwardMarks}); Ferry adopts a network only by
 * that marker, never by its name.
 */
@Component
public class ForwardNetworks {

  private final ForwardDeploymentRepository deployments;

  public ForwardNetworks(ForwardDeploymentRepository deployments) {
    this.deployments = deployments;
  }

  /**
   * The cached network while Forward still has it as ours; else the network marked for this
   * deployment (a run that died before recording it); else a new one. A cached id that is gone, or
   * that now names a network that is not ours (a Forward that forgot, such as a restarted sandbox),
   * is dropped together with every id that pointed into that network.
   */
  NetworkRef ensure(ForwardClient client, ForwardDeployment d, String ownerName) {
    List<JsonNode> networks = client.networks();
    if (d.networkId() != null) {
      Optional<JsonNode> cached =
          networks.stream().filter(n -> d.networkId().equals(n.path("id").asText())).findFirst();
      if (cached.isPresent() && ForwardMarks.marks(cached.get(), d.id())) {
        return new NetworkRef(d.networkId(), cached.get().path("name").asText(), false);
      }
      if (cached.isPresent()
          && ForwardMarks.unmarked(cached.get())
          && cached.get().path("name").asText().equalsIgnoreCase(d.networkName())) {
        // made before Ferry marked networks, or by a run that died between create and note
        return mark(client, d, cached.get(), false);
      }
      deployments.forgetForwardIds(d.id());
    }
    for (JsonNode n : networks) {
      if (ForwardMarks.marks(n, d.id())) {
        return record(d, n, false);
      }
    }
    String name = ForwardNames.network(d.workspace(), d.name(), ownerName);
    for (JsonNode n : networks) {
      if (n.path("name").asText().equalsIgnoreCase(name)) {
        throw nameTaken(name, n);
      }
    }
    JsonNode created;
    try {
      created = client.createNetwork(name);
    } catch (RemoteException e) {
      if (ForwardClient.isConflict(e)) {
        throw nameTaken(name, null);
      }
      throw e;
    }
    // marked at once, before anything is written to our database: a retry after a database
    // failure (or a crash) finds the network by its marker and adopts it; only a crash between
    // these two Forward calls leaves an unmarked network of our name
    return mark(client, d, created, true);
  }

  private NetworkRef mark(
      ForwardClient client, ForwardDeployment d, JsonNode network, boolean created) {
    String id = network.path("id").asText();
    client.noteNetwork(id, ForwardMarks.note(d));
    return record(d, network, created);
  }

  private NetworkRef record(ForwardDeployment d, JsonNode network, boolean created) {
    NetworkRef ref =
        new NetworkRef(network.path("id").asText(), network.path("name").asText(), created);
    deployments.recordNetwork(d.id(), ref.id(), ref.name());
    return ref;
  }

  /** Another network has our name: never adopted, a person must rename or delete one. */
  private static ApplicationFailure nameTaken(String name, JsonNode other) {
    String whose =
        other == null
            ? ""
            : " (id "
                + other.path("id").asText()
                + ", created by "
                + other.path("creator").asText("an unknown user")
                + ")";
    return ApplicationFailure.newNonRetryableFailure(
        "Forward already has a network named '"
            + name
            + "'"
            + whose
            + " that Ferry did not create for this deployment; rename or delete it in Forward, or"
            + " use another deployment name",
        "ForwardNetworkNameTaken");
  }
}
