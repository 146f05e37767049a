package dev.ferry.forward.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Lab images' factory logins, used when the pipeline sends none. The catalogue covers the 25 device
 * kinds of netlab's device definitions that forwardnetworks/skyforge-server ships ({@code
 * internal/taskengine/netlab_device_defaults.json}); where Skyforge's Forward sync uses another
 * login for a kind (forward-api.md §11: linux {@code root/admin}, junos {@code admin/admin@123}),
 * that one wins. Deployments override or extend it ({@code ferry.forward.default-logins}); any
 * other kind gets {@code admin/admin}.
 */
public final class DefaultDeviceLogins {

  public record Login(String username, String password) {}

  private static final Login ADMIN = new Login("admin", "admin");
  private static final Login JUNIPER = new Login("admin", "admin@123");
  private static final Login VRNETLAB = new Login("vrnetlab", "VR-netlab9");

  /** Kind → login. Kinds not listed here but in netlab's catalogue use {@link #ADMIN}. */
  private static final Map<String, Login> CATALOGUE =
      Map.ofEntries(
          Map.entry("arubacx", ADMIN),
          Map.entry("asav", new Login("admin", "CiscoAsa1!")),
          Map.entry("cat8000v", VRNETLAB),
          Map.entry("csr", VRNETLAB),
          Map.entry("cumulus", new Login("vagrant", "vagrant")),
          Map.entry("dellos10", ADMIN),
          Map.entry("eos", ADMIN),
          Map.entry("fortios", ADMIN),
          Map.entry("iol", ADMIN),
          Map.entry("ioll2", ADMIN),
          Map.entry("ios", ADMIN),
          Map.entry("iosv", ADMIN),
          Map.entry("iosvl2", ADMIN),
          Map.entry("iosxr", new Login("clab", "clab@123")),
          Map.entry("junos", JUNIPER),
          Map.entry("linux", new Login("root", "admin")),
          Map.entry("nxos", ADMIN),
          Map.entry("openbsd", ADMIN),
          Map.entry("routeros7", ADMIN),
          Map.entry("sros", ADMIN),
          Map.entry("vjunos-router", JUNIPER),
          Map.entry("vjunos-switch", JUNIPER),
          Map.entry("vmx", JUNIPER),
          Map.entry("vptx", JUNIPER),
          Map.entry("vsrx", JUNIPER));

  private final Map<String, Login> logins;

  /** The catalogue with {@code overrides} (kind → login) laid over it. */
  public DefaultDeviceLogins(Map<String, Login> overrides) {
    Map<String, Login> merged = new HashMap<>(CATALOGUE);
    overrides.forEach((kind, login) -> merged.put(DeviceKinds.canonical(kind), login));
    this.logins = Map.copyOf(merged);
  }

  /** The built-in catalogue only. */
  public static DefaultDeviceLogins builtIn() {
    return new DefaultDeviceLogins(Map.of());
  }

  public Login forKind(String kind) {
    return logins.getOrDefault(DeviceKinds.canonical(kind), ADMIN);
  }

  /** How many kinds have a login of their own. */
  public int size() {
    return logins.size();
  }
}
