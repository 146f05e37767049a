package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardCollector;
import dev.ferry.forward.store.ForwardCollectorRepository;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.CollectorStatus;
import dev.ferry.forward.workflow.ForwardCollectorActivities;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.ActivityImpl;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A profile's collectors as Forward ({@code GET /api/collectors}) and the cluster see them, and
 * their re-registration and deletion through {@link ForwardCollectors}.
 */
@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardCollectorActivitiesImpl implements ForwardCollectorActivities {

  private final ForwardClients clients;
  private final ForwardCollectorRepository repository;
  private final ForwardCollectors collectors;
  private final InClusterCollector inCluster;

  public ForwardCollectorActivitiesImpl(
      ForwardClients clients,
      ForwardCollectorRepository repository,
      ForwardCollectors collectors,
      InClusterCollector inCluster) {
    this.clients = clients;
    this.repository = repository;
    this.collectors = collectors;
    this.inCluster = inCluster;
  }

  @Override
  public List<CollectorStatus> status(String profileId) {
    ForwardProfile profile = clients.profile(profileId);
    List<ForwardCollector> stored = repository.forProfile(profile.id());
    if (stored.isEmpty()) {
      return List.of();
    }
    // one list call answers for every collector; matched by id and username, as a sync does
    Map<String, JsonNode> known =
        clients.forProfile(profile).collectors().stream()
            .collect(
                Collectors.toMap(
                    c -> c.path("id").asText() + "/" + c.path("username").asText(),
                    Function.identity(),
                    (a, b) -> a));
    return stored.stream()
        .map(c -> status(c, known.get(c.forwardId() + "/" + c.username())))
        .toList();
  }

  @Override
  public List<CollectorStatus> reregister(String profileId, String ownerName) {
    ForwardProfile profile = clients.profile(profileId);
    for (ForwardCollector c : repository.forProfile(profile.id())) {
      collectors.reregister(profile, c, ownerName);
    }
    return status(profileId);
  }

  @Override
  public int delete(String profileId) {
    ForwardProfile profile = clients.profile(profileId);
    int removed = 0;
    for (ForwardCollector c : repository.forProfile(profile.id())) {
      if (collectors.removeWithProfile(profile, c)) {
        removed++;
      }
    }
    return removed;
  }

  private CollectorStatus status(ForwardCollector c, JsonNode forward) {
    JsonNode deployment = inCluster.deployment(c.name()).orElse(null);
    return new CollectorStatus(
        c.name(),
        c.username(),
        c.forwardId(),
        c.scope(),
        forward != null,
        forward != null && forward.path("connected").asBoolean(false),
        forward == null ? "NOT_REGISTERED" : forward.path("connectionStatus").asText("UNKNOWN"),
        deployment == null ? null : deployment.at("/metadata/name").asText(),
        deployment == null ? 0 : deployment.at("/spec/replicas").asInt(1),
        deployment == null ? 0 : deployment.at("/status/readyReplicas").asInt(0));
  }
}
