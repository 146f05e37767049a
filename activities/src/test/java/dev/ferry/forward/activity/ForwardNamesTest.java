package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ForwardNamesTest {

  @Test
  void networkNamesHoldTheWorkspaceAndAreSanitized() {
    assertThat(ForwardNames.network("ws 1", "my lab/1", "alice@corp"))
        .isEqualTo("ws-1-my-lab-1-alice-corp");
    assertThat(ForwardNames.network("ws1", "lab", "alice"))
        .isNotEqualTo(ForwardNames.network("ws2", "lab", "alice"));
    assertThat(ForwardNames.network("w", "x".repeat(100), "a")).hasSize(80);
  }

  @Test
  void collectorNamesHoldTheProfile() {
    assertThat(ForwardNames.collector("alice", "default", null)).isEqualTo("ferry-alice-default");
    assertThat(ForwardNames.collector("Alice", "Lab_Prof", "ws.1"))
        .isEqualTo("ferry-alice-lab-prof-ws-1");
    assertThat(ForwardNames.collector("a".repeat(80), "p".repeat(80), "w".repeat(80)))
        .hasSizeLessThanOrEqualTo(63)
        .doesNotEndWith("-");
  }

  @Test
  void endpointProfileNamesCarryTheDeploymentId() {
    UUID id = UUID.fromString("0123abcd-0000-0000-0000-000000000000");
    assertThat(ForwardNames.endpointProfile(id, "ws", "lab"))
        .isEqualTo("ferry-linux-ws-lab-0123abcd");
  }

  @Test
  void credentialNamesAreLowercase() {
    assertThat(ForwardNames.credential("Lab1", "EOS")).isEqualTo("lab1-eos");
  }

  @Test
  void typeHintsMergeConfiguredOverridesAndOmitUnknownKinds() {
    DeviceTypeHints hints =
        new DeviceTypeHints(
            Map.of("iosxe", "cisco_ios_xe_ssh", "sonic", "sonic_dell_enterprise_ssh"));
    assertThat(hints.typeOf("EOS")).contains("arista_eos_ssh");
    assertThat(hints.typeOf("iosxe")).contains("cisco_ios_xe_ssh");
    assertThat(hints.typeOf("sonic")).contains("sonic_dell_enterprise_ssh");
    assertThat(hints.typeOf("mystery")).isEmpty();
  }
}
