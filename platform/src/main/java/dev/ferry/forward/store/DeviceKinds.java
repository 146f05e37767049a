package dev.ferry.forward.store;

import java.util.Locale;
import java.util.Map;

/**
 * Other names lab tools give a device kind, and the kind Ferry knows them by (learned from
 * forwardnetworks/skyforge-server {@code internal/taskengine/forward_netlab_sync.go}, {@code
 * forwardDeviceKeyFromKind}, and the vrnetlab image names of its netlab device catalogue). Type
 * hints, default logins and the one credential per kind all key on the canonical kind.
 */
public final class DeviceKinds {

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("arista-eos", "eos"),
          Map.entry("alpine", "linux"),
          Map.entry("vr-vmx", "vmx"),
          Map.entry("vr_vmx", "vmx"),
          Map.entry("juniper_vmx", "vmx"),
          Map.entry("vr-csr", "csr"),
          Map.entry("vr-n9kv", "nxos"),
          Map.entry("vr-sros", "sros"),
          Map.entry("vr-ftosv", "dellos10"),
          Map.entry("vr-fortios", "fortios"),
          Map.entry("vr-xrv", "iosxr"),
          Map.entry("vr-veos", "eos"));

  private DeviceKinds() {}

  /** The kind in lower case, with an alias replaced by the kind it stands for. */
  public static String canonical(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    return ALIASES.getOrDefault(lower, lower);
  }
}
