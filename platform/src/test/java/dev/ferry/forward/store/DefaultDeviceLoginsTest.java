package dev.ferry.forward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultDeviceLoginsTest {

  @Test
  void theCatalogueCoversTheLabImagesUpstreamKnows() {
    DefaultDeviceLogins logins = DefaultDeviceLogins.builtIn();
    assertThat(logins.size()).isGreaterThanOrEqualTo(25);
    assertThat(logins.forKind("asav"))
        .isEqualTo(new DefaultDeviceLogins.Login("admin", "CiscoAsa1!"));
    assertThat(logins.forKind("csr").username()).isEqualTo("vrnetlab");
    assertThat(logins.forKind("iosxr"))
        .isEqualTo(new DefaultDeviceLogins.Login("clab", "clab@123"));
    assertThat(logins.forKind("VR-VMX").password()).as("aliases and case").isEqualTo("admin@123");
    assertThat(logins.forKind("never-heard-of-it").username()).isEqualTo("admin");
  }

  @Test
  void overridesReplaceAndExtendTheCatalogue() {
    DefaultDeviceLogins logins =
        new DefaultDeviceLogins(
            Map.of(
                "EOS", new DefaultDeviceLogins.Login("ops", "eos-pw"),
                "newos", new DefaultDeviceLogins.Login("root", "x")));
    assertThat(logins.forKind("arista-eos"))
        .isEqualTo(new DefaultDeviceLogins.Login("ops", "eos-pw"));
    assertThat(logins.forKind("newos").username()).isEqualTo("root");
    assertThat(logins.forKind("nxos").username()).isEqualTo("admin");
  }

  @Test
  void aliasesAndTheDeviceTypeEnum() {
    assertThat(DeviceKinds.canonical("Alpine")).isEqualTo("linux");
    assertThat(DeviceKinds.canonical("arista-eos")).isEqualTo("eos");
    assertThat(DeviceKinds.canonical("vr_vmx")).isEqualTo("vmx");
    assertThat(DeviceKinds.canonical("mystery")).isEqualTo("mystery");
    assertThat(ForwardDeviceTypes.isKnown("arista_eos_ssh")).isTrue();
    assertThat(ForwardDeviceTypes.isKnown("sonic_edge_core_ssh")).isTrue();
    assertThat(ForwardDeviceTypes.isKnown("linux_os_ssh"))
        .as("not a classic-device type")
        .isFalse();
    assertThat(ForwardDeviceTypes.isKnown("ARISTA_EOS_SSH")).isFalse();
  }
}
