package dev.ferry.sandbox.foreman;

import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Request;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the Foreman routes read: the users, the generated inventory and the installed plugins. */
final class ForemanState {
  final Map<String, ForemanUser> users = new ConcurrentHashMap<>();
  volatile HostInventory inventory;

  /**
   * foreman_puppet plugin installed: hosts carry environment_* and puppet_* fields (foreman-api.md
   * §3.3).
   */
  volatile boolean puppetPlugin = true;

  /**
   * Katello installed: {@code hypervisor}/{@code hypervisor_host} search fields, katello key in
   * ping.
   */
  volatile boolean katello = false;

  ForemanState(int hostCount) {
    this.inventory = new HostInventory(hostCount);
  }

  /** The authenticated user of the request. */
  ForemanUser current(Request req) {
    return users.get(req.user());
  }

  void require(Request req, String permission) {
    if (!current(req).can(permission)) {
      throw new MissingPermission(permission);
    }
  }

  ScopedSearch.Fields<HostInventory.Host> hostFields() {
    return HostInventory.fields(katello);
  }

  /** A 403 that names the permission the user lacks. */
  static final class MissingPermission extends ApiError {
    final String permission;

    MissingPermission(String permission) {
      super(403, "Access denied");
      this.permission = permission;
    }
  }
}
