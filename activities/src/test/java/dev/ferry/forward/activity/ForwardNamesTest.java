package dev.ferry.forward.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardNamesTest {

  @Test
  void networkNamesAreSanitizedAndCollisionsGetATimestamp() {
    assertThat(ForwardNames.network("my lab/1", "alice@corp")).isEqualTo("my-lab-1-alice-corp");
    assertThat(ForwardNames.network("x".repeat(100), "a")).hasSize(80);
    ZonedDateTime at = ZonedDateTime.of(2026, 2, 20, 10, 7, 0, 0, ZoneOffset.UTC);
    assertThat(ForwardNames.networkAlternative("lab-alice", at, 0)).isEqualTo("lab-alice-1007");
    assertThat(ForwardNames.networkAlternative("lab-alice", at, 2)).isEqualTo("lab-alice-1007-02");
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
