package dev.ferry.forward.activity;

import dev.ferry.forward.store.DeploymentDevice;
import dev.ferry.forward.store.DeviceKinds;
import dev.ferry.forward.store.ForwardDeviceTypes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Device kind → Forward classic-device {@code type} (forward-api.md §11), kind aliases resolved
 * ({@link DeviceKinds}). Unknown kinds: Forward detects. Configured overrides must be types of the
 * OpenAPI's {@code ClassicDeviceType} enum, or the worker does not start.
 */
@Component
public class DeviceTypeHints {

  private static final Map<String, String> BUILT_IN =
      Map.ofEntries(
          Map.entry("eos", "arista_eos_ssh"),
          Map.entry("ceos", "arista_eos_ssh"),
          Map.entry("arista", "arista_eos_ssh"),
          Map.entry("ios", "cisco_ios_ssh"),
          Map.entry("iol", "cisco_ios_ssh"),
          Map.entry("cisco_iol", "cisco_ios_ssh"),
          Map.entry("ios_xe", "cisco_ios_ssh"),
          Map.entry("ios-xe", "cisco_ios_ssh"),
          Map.entry("iosxe", "cisco_ios_ssh"),
          Map.entry("iosv", "cisco_ios_ssh"),
          Map.entry("iosvl2", "cisco_ios_ssh"),
          Map.entry("ioll2", "cisco_ios_ssh"),
          Map.entry("csr", "cisco_ios_xe_ssh"),
          Map.entry("cat8000v", "cisco_ios_xe_ssh"),
          Map.entry("cisco8000v", "cisco_ios_xe_ssh"),
          Map.entry("nxos", "cisco_nxos_ssh"),
          Map.entry("cisco_n9kv", "cisco_nxos_ssh"),
          Map.entry("n9kv", "cisco_nxos_ssh"),
          Map.entry("iosxr", "cisco_ios_xr_ssh"),
          Map.entry("xr", "cisco_ios_xr_ssh"),
          Map.entry("asa", "cisco_asa_ssh"),
          Map.entry("asav", "cisco_asa_ssh"),
          Map.entry("fortios", "fortinet_ssh"),
          Map.entry("fortinet", "fortinet_ssh"),
          Map.entry("vjunos-switch", "juniper_junos_ssh"),
          Map.entry("vjunos-router", "juniper_junos_ssh"),
          Map.entry("vmx", "juniper_junos_ssh"),
          Map.entry("junos", "juniper_junos_ssh"),
          Map.entry("vsrx", "juniper_srx_ssh"));

  private final Map<String, String> hints;

  @Autowired
  public DeviceTypeHints(ForwardProperties properties) {
    this(properties.deviceTypes());
  }

  public DeviceTypeHints(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(BUILT_IN);
    overrides.forEach(
        (kind, type) -> {
          // blank means "let Forward detect"; anything else Forward must know
          if (!type.isBlank() && !ForwardDeviceTypes.isKnown(type)) {
            throw new IllegalStateException(
                "ferry.forward.device-types."
                    + kind
                    + ": '"
                    + type
                    + "' is not a Forward classic-device type (ClassicDeviceType of the Forward"
                    + " API 26.6)");
          }
          merged.put(DeviceKinds.canonical(kind), type);
        });
    this.hints = Map.copyOf(merged);
  }

  public Optional<String> typeOf(String kind) {
    return Optional.ofNullable(hints.get(DeviceKinds.canonical(kind))).filter(t -> !t.isBlank());
  }

  /** A device's own type when the pipeline gave one, else its kind's hint. */
  public Optional<String> typeOf(DeploymentDevice device) {
    return device.forwardType() != null ? Optional.of(device.forwardType()) : typeOf(device.kind());
  }
}
