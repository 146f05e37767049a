package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.testing.Http;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Ferry learned from forwardnetworks/skyforge-server (issue #10, item 6), against the real dev
 * server, PostgreSQL and the Forward sandbox: the SNMP placeholder credential with SNMP collection
 * on for network OS kinds, kind aliases in the type hints, and a pipeline's type override.
 */
class ForwardUpstreamParityTest {

  private static ForwardRig rig;

  @BeforeAll
  static void start() {
    rig = new ForwardRig();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void snmpPlaceholderForNetworkOsKindsAliasesAndTypeOverrides() throws Exception {
    ForwardProfile profile = rig.sandboxProfile();
    List<DeviceInput> devices =
        List.of(
            new DeviceInput("spine1", "eos", "10.0.0.1", 22, "admin", "pw"),
            new DeviceInput("edge1", "vr-vmx", "10.0.0.2", 22, "admin", "pw"),
            new DeviceInput("odd1", "mystery-os", "10.0.0.3", 22, "admin", "pw"),
            new DeviceInput("xr1", "xrd", "10.0.0.4", 22, "admin", "pw", "cisco_ios_xr_ssh"));
    UUID id = rig.saveDeployment("parity", "lab", "labpp", profile, devices, List.of(), null);
    SyncResult first = rig.sync(id, "parity", "lab", "labpp");

    JsonNode snmp = get("/api/networks/" + first.networkId() + "/snmpCredentials");
    assertThat(snmp.size()).isEqualTo(1);
    String snmpId = snmp.get(0).get("id").asText();
    assertThat(snmp.get(0).get("name").asText()).isEqualTo("lab-snmp");
    assertThat(snmp.get(0).get("version").asText()).isEqualTo("V2C");
    Map<String, JsonNode> byName = devices(first.networkId());
    assertThat(byName.get("spine1").path("snmpCredentialId").asText()).isEqualTo(snmpId);
    assertThat(byName.get("spine1").path("enableSnmpCollection").asBoolean()).isTrue();
    assertThat(byName.get("edge1").path("type").asText())
        .as("vr-vmx is vmx")
        .isEqualTo("juniper_junos_ssh");
    assertThat(byName.get("edge1").path("enableSnmpCollection").asBoolean()).isTrue();
    assertThat(byName.get("xr1").path("type").asText()).isEqualTo("cisco_ios_xr_ssh");
    assertThat(byName.get("xr1").path("enableSnmpCollection").asBoolean()).isTrue();
    assertThat(byName.get("odd1").has("snmpCredentialId"))
        .as("a kind without a Forward type is no network OS Ferry knows")
        .isFalse();
    assertThat(byName.get("odd1").path("enableSnmpCollection").asBoolean()).isFalse();

    rig.sync(id, "parity", "lab", "labpp");
    assertThat(get("/api/networks/" + first.networkId() + "/snmpCredentials").size())
        .as("re-sync reuses it")
        .isEqualTo(1);

    // deleted in Forward between syncs: created again and the devices move to the new one
    new Http(rig.forward.baseUrl(), "demo-key", "demo-secret")
        .send("DELETE", "/api/networks/" + first.networkId() + "/snmpCredentials/" + snmpId, null);
    rig.sync(id, "parity", "lab", "labpp");
    JsonNode again = get("/api/networks/" + first.networkId() + "/snmpCredentials");
    assertThat(again.size()).isEqualTo(1);
    String newId = again.get(0).get("id").asText();
    assertThat(newId).isNotEqualTo(snmpId);
    assertThat(devices(first.networkId()).get("spine1").path("snmpCredentialId").asText())
        .isEqualTo(newId);
  }

  @Test
  void aConfiguredTypeOutsideTheOpenApiEnumStopsTheWorker() {
    assertThatThrownBy(() -> new DeviceTypeHints(Map.of("srl", "nokia_srl_ssh")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ferry.forward.device-types.srl")
        .hasMessageContaining("nokia_srl_ssh");
    assertThat(new DeviceTypeHints(Map.of("srl", "nokia_ssh")).typeOf("SRL")).hasValue("nokia_ssh");
    assertThat(new DeviceTypeHints(Map.of("eos", "")).typeOf("eos"))
        .as("blank: let Forward detect")
        .isEmpty();
  }

  private static Map<String, JsonNode> devices(String networkId) throws Exception {
    Map<String, JsonNode> byName = new HashMap<>();
    get("/api/networks/" + networkId + "/classic-devices")
        .get("devices")
        .forEach(d -> byName.put(d.get("name").asText(), d));
    return byName;
  }

  private static JsonNode get(String path) throws Exception {
    return new Http(rig.forward.baseUrl(), "demo-key", "demo-secret").get(path).json();
  }
}
