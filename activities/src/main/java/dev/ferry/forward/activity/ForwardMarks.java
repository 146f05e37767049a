package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardDeployment;
import java.util.UUID;

/**
 * The marker Ferry leaves in the {@code note} of what it creates for a deployment: the network
 * ({@code NetworkUpdate.note}), its classic devices ({@code NewClassicDevice.note}) and endpoints
 * ({@code NewCliNetworkEndpoint.note}). Forward keeps notes as given, so the marker survives where
 * a cached id does not, and it names one deployment: Ferry adopts or prunes only objects marked for
 * the deployment at hand.
 */
final class ForwardMarks {

  private ForwardMarks() {}

  /** The note Ferry writes: readable for a person, with the deployment's tag for Ferry. */
  static String note(ForwardDeployment d) {
    return "Managed by Ferry: " + d.workspace() + "/" + d.name() + " " + tag(d.id());
  }

  /** Whether a Forward object's {@code note} carries this deployment's tag. */
  static boolean marks(JsonNode object, UUID deploymentId) {
    return object.path("note").asText("").contains(tag(deploymentId));
  }

  /** Whether the object has no note at all (made before Ferry marked what it creates). */
  static boolean unmarked(JsonNode object) {
    return object.path("note").asText("").isEmpty();
  }

  private static String tag(UUID deploymentId) {
    return "[ferry:" + deploymentId + "]";
  }
}
