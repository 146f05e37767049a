package dev.ferry.forward.store;

import java.util.Map;

/** Lab images' factory logins (forward-api.md §11), used when the pipeline sends none. */
public final class DefaultDeviceLogins {

  public record Login(String username, String password) {}

  private static final Login ADMIN = new Login("admin", "admin");
  private static final Login JUNIPER = new Login("admin", "admin@123");
  private static final Map<String, Login> BY_KIND =
      Map.of(
          "linux", new Login("root", "admin"),
          "vmx", JUNIPER,
          "junos", JUNIPER,
          "vjunos-switch", JUNIPER,
          "vjunos-router", JUNIPER,
          "vsrx", JUNIPER,
          "asav", new Login("admin", "CiscoAsa1!"));

  private DefaultDeviceLogins() {}

  public static Login forKind(String kind) {
    return BY_KIND.getOrDefault(kind.toLowerCase(java.util.Locale.ROOT), ADMIN);
  }
}
