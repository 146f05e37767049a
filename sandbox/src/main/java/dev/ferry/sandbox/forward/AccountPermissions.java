package dev.ferry.sandbox.forward;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Accounts whose role lacks an org permission. Forward answers such a call 403 with {@code Missing
 * permission: OrgOperation.X} (forward-api.md §4). Two permissions are modelled, each over the
 * operations it guards:
 *
 * <ul>
 *   <li>{@link #MANAGE_COLLECTORS}: every collector operation ({@code GET|POST /api/collectors},
 *       {@code GET|DELETE /api/collectors/{idOrName}}, unpublished, forward-api.md §3.2);
 *   <li>{@link #MANAGE_NETWORKS}: {@code createNetwork} ({@code POST /networks}), {@code
 *       updateNetwork} ({@code PATCH /networks/{networkId}}) and {@code deleteNetwork} ({@code
 *       DELETE /networks/{networkId}}) of the 26.6 OpenAPI. Listing networks stays allowed.
 * </ul>
 *
 * Every account has both unless {@link #deny} took one away.
 */
final class AccountPermissions {
  static final String MANAGE_COLLECTORS = "MANAGE_COLLECTORS";
  static final String MANAGE_NETWORKS = "MANAGE_NETWORKS";
  private static final Pattern COLLECTORS = Pattern.compile("/api/collectors(/[^/]+)?");
  private static final Pattern NETWORK = Pattern.compile("/api/networks/[^/]+");

  private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();

  void deny(String user, Set<String> permissions) {
    denied.put(user, Set.copyOf(permissions));
  }

  /** The permission {@code user} lacks for this call, or null when it may make it. */
  String missing(String user, String method, String path) {
    Set<String> lacking = denied.getOrDefault(user, Set.of());
    if (lacking.isEmpty()) {
      return null;
    }
    if (lacking.contains(MANAGE_COLLECTORS) && COLLECTORS.matcher(path).matches()) {
      return MANAGE_COLLECTORS;
    }
    boolean networkWrite =
        (method.equals("POST") && path.equals("/api/networks"))
            || ((method.equals("PATCH") || method.equals("DELETE"))
                && NETWORK.matcher(path).matches());
    if (lacking.contains(MANAGE_NETWORKS) && networkWrite) {
      return MANAGE_NETWORKS;
    }
    return null;
  }
}
