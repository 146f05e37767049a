package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.DeploymentCredential;
import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.DeviceKinds;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.remote.RemoteException;
import io.temporal.failure.ApplicationFailure;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One SNMP credential per network, so the devices whose kind needs SNMP collection can have it
 * switched on ({@code enableSnmpCollection}); learned from forwardnetworks/skyforge-server ({@code
 * forwardCreateSnmpCredential} in {@code internal/taskengine/forward_client.go}, used when {@code
 * SNMPPlaceholderEnabled}). The community is a random placeholder: Forward needs a credential to
 * attach, and the lab's SNMP agents are configured from the same deployment, not from Forward.
 */
final class SnmpPlaceholder {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ForwardDeploymentRepository deployments;
  private final DeviceTypeHints hints;
  private final ForwardProperties.Snmp settings;
  private final Set<String> kinds;

  SnmpPlaceholder(
      ForwardDeploymentRepository deployments,
      DeviceTypeHints hints,
      ForwardProperties.Snmp settings) {
    this.deployments = deployments;
    this.hints = hints;
    this.settings = settings;
    this.kinds = settings.kinds().stream().map(DeviceKinds::canonical).collect(Collectors.toSet());
  }

  /**
   * Whether Forward collects SNMP from a device: of a configured kind, or (none configured) of any
   * kind Forward gets a type for, i.e. a network OS, not a host.
   */
  boolean needs(DeploymentDevice device) {
    if (!settings.placeholder() || device.endpoint()) {
      return false;
    }
    return kinds.isEmpty() ? hints.typeOf(device).isPresent() : kinds.contains(device.kind());
  }

  private boolean anyKindNeeds(ForwardDeployment d) {
    for (DeploymentCredential credential : deployments.credentials(d.id())) {
      if (needs(new DeploymentDevice("", credential.kind(), "", null, false))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stored credential when Forward still has it; else the one of our name (a crash after
   * creating it), else a new one. Nothing when the placeholder is off or no device needs it.
   */
  void ensure(ForwardClient client, ForwardDeployment d) {
    if (!settings.placeholder() || !anyKindNeeds(d)) {
      return;
    }
    String name = ForwardNames.credential(d.name(), "snmp");
    Optional<String> stored = deployments.snmpCredential(d.id());
    String found = null;
    for (JsonNode c : client.snmpCredentials(d.networkId())) {
      String id = c.path("id").asText();
      if (stored.isPresent() && stored.get().equals(id)) {
        return;
      }
      if (name.equalsIgnoreCase(c.path("name").asText())) {
        found = id;
      }
    }
    if (found == null) {
      try {
        found =
            client
                .createSnmpCredential(
                    d.networkId(), name, "ferry-" + HexFormat.of().toHexDigits(RANDOM.nextLong()))
                .path("id")
                .asText();
      } catch (RemoteException e) {
        if (ForwardClient.isConflict(e)) {
          // created meanwhile under our name: the retry's listing finds it
          throw ApplicationFailure.newFailure(e.getMessage(), "ForwardSnmpCredentialRace");
        }
        throw e;
      }
    }
    deployments.recordSnmpCredential(d.id(), found);
  }

  /** The id devices reference, or empty when the placeholder is off or was not created. */
  Optional<String> credentialId(ForwardDeployment d) {
    return settings.placeholder() ? deployments.snmpCredential(d.id()) : Optional.empty();
  }
}
