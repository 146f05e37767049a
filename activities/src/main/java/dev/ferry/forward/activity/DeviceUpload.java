package dev.ferry.forward.activity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import java.util.List;
import java.util.Map;

/**
 * Puts a deployment's classic devices in Forward, batch by batch. What every batch shares (the
 * client, credential ids, SNMP placeholder id, ownership note) is read once, when it is made, so an
 * activity that puts several batches reads it once.
 */
final class DeviceUpload {

  private final ForwardDeploymentRepository deployments;
  private final DeviceTypeHints typeHints;
  private final SnmpPlaceholder snmp;
  private final ForwardDeployment deployment;
  private final ForwardClient client;
  private final Map<String, String> credentialIds;
  private final String snmpId;
  private final String note;
  private final int batchSize;

  DeviceUpload(
      ForwardDeploymentRepository deployments,
      DeviceTypeHints typeHints,
      SnmpPlaceholder snmp,
      ForwardDeployment deployment,
      ForwardClient client,
      Map<String, String> credentialIds,
      int batchSize) {
    this.deployments = deployments;
    this.typeHints = typeHints;
    this.snmp = snmp;
    this.deployment = deployment;
    this.client = client;
    this.credentialIds = credentialIds;
    this.snmpId = snmp.credentialId(deployment).orElse(null);
    this.note = ForwardMarks.note(deployment);
    this.batchSize = Math.max(1, batchSize);
  }

  /**
   * Upserts batch {@code index}; returns how many devices it held (0: past the inventory's end).
   */
  int put(int index) {
    List<DeploymentDevice> batch =
        deployments.devices(deployment.id(), false, index * batchSize, batchSize);
    if (batch.isEmpty()) {
      return 0;
    }
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (DeploymentDevice device : batch) {
      ObjectNode node =
          body.addObject()
              .put("name", device.name())
              .put("host", device.host())
              .put("port", device.port() == null ? 22 : device.port());
      typeHints.typeOf(device).ifPresent(type -> node.put("type", type));
      node.put("note", note);
      if (snmpId != null && snmp.needs(device)) {
        node.put("snmpCredentialId", snmpId).put("enableSnmpCollection", true);
      }
      String credentialId = credentialIds.get(device.kind());
      if (credentialId != null) {
        node.put("cliCredentialId", credentialId);
      }
      if (deployment.jumpServerId() != null) {
        node.put("jumpServerId", deployment.jumpServerId());
      }
    }
    client.putDevices(deployment.networkId(), body);
    return batch.size();
  }
}
