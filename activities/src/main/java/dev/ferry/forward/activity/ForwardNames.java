package dev.ferry.forward.activity;

import java.util.Locale;
import java.util.UUID;

/**
 * Names Ferry gives Forward objects (forward-api.md §8). A name tells a person what an object is;
 * whose it is, Ferry reads from its marker ({@link ForwardMarks}), never from the name.
 */
final class ForwardNames {

  private ForwardNames() {}

  /**
   * {@code <workspace>-<deployment>-<user>}, characters outside [A-Za-z0-9_.-] replaced by '-', at
   * most 80. The workspace is part of it, so equal deployment names in two workspaces never meet.
   */
  static String network(String workspace, String deployment, String user) {
    return clip(clean(workspace + "-" + deployment + "-" + user), 80);
  }

  /** {@code <deployment>-<kind>} lowercase [a-z0-9._-], at most 80. */
  static String credential(String deployment, String kind) {
    return clip(clean(deployment + "-" + kind).toLowerCase(Locale.ROOT), 80);
  }

  /**
   * {@code ferry-<user>-<profile>}, or {@code ferry-<user>-<profile>-<workspace>} per workspace, as
   * a DNS label: two profiles of one user never share (or fight over) a collector.
   */
  static String collector(String user, String profile, String workspace) {
    String base = "ferry-" + dnsLabel(user, 24) + "-" + dnsLabel(profile, 16);
    return workspace == null ? base : clip(base + "-" + dnsLabel(workspace, 16), 63);
  }

  /**
   * The Linux endpoint profile of one deployment (endpoint profiles are per organisation and carry
   * no note): {@code ferry-linux-<workspace>-<deployment>-<8 hex of the deployment id>}, so the
   * name itself says whose it is.
   */
  static String endpointProfile(UUID deploymentId, String workspace, String deployment) {
    String id = deploymentId.toString().replace("-", "").substring(0, 8);
    return "ferry-linux-" + clip(clean(workspace + "-" + deployment), 60) + "-" + id;
  }

  static String dnsLabel(String value, int max) {
    String label =
        value
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-+", "-")
            .replaceAll("^-|-$", "");
    return clip(label.isEmpty() ? "x" : label, max).replaceAll("-$", "");
  }

  private static String clean(String value) {
    return value.replaceAll("[^A-Za-z0-9_.-]", "-");
  }

  private static String clip(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
