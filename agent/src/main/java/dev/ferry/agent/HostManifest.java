package dev.ferry.agent;

import com.fasterxml.jackson.core.TreeNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host manifest ({@code /var/lib/fort/host-manifest.json}): what this host runs. The agent uses
 * it as an allow-list: no credential write or signal for a service the host does not run.
 */
public final class HostManifest {
  private final Map<String, Object> document;
  private final Set<String> services;
  private final Set<String> units;

  private HostManifest(Map<String, Object> document, Set<String> services, Set<String> units) {
    this.document = Collections.unmodifiableMap(document);
    this.services = services;
    this.units = units;
  }

  public static HostManifest load(Path file, Collection<String> extraUnits) {
    Object document;
    try {
      document = Json.parse(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read host manifest " + file + ": " + e.getMessage());
    }
    return from(document, extraUnits);
  }

  /** The manifest from a Jackson tree (tests build manifests as trees). */
  public static HostManifest fromJson(TreeNode root, Collection<String> extraUnits) {
    return from(Json.parse(root), extraUnits);
  }

  private static HostManifest from(Object document, Collection<String> extraUnits) {
    Map<String, Object> root = Json.object(document);
    if (root == null) {
      throw new ConfigException("host manifest must be a JSON object");
    }
    String listKey = root.containsKey("services") ? "services" : "exposedServices";
    Set<String> services = new LinkedHashSet<>();
    Set<String> units = new LinkedHashSet<>();
    if (root.containsKey(listKey)) {
      if (!(root.get(listKey) instanceof List<?> list)) {
        throw new ConfigException("host manifest 'services' must be a list");
      }
      for (Object item : list) {
        Map<String, Object> s = Json.object(item);
        String name = s != null && s.get("name") instanceof String n ? n : "";
        if (!Names.isServiceName(name)) {
          throw new ConfigException("host manifest has an invalid service name: '" + name + "'");
        }
        services.add(name);
        units.add(Names.unitName(name));
        Map<String, Object> sso = Json.object(s.get("sso"));
        Object mode = sso == null ? null : sso.get("mode");
        Object restart = sso == null ? null : sso.get("restart");
        if (restart instanceof String r && Names.isServiceName(r)) {
          units.add(Names.unitName(r));
        } else if (mode != null && !Set.of("none", "token", "identity").contains(mode)) {
          units.add("oauth2-proxy-" + name + ".service"); // the documented default of sso.restart
        }
      }
    }
    for (String u : extraUnits) {
      if (!Names.isServiceName(u)) {
        throw new ConfigException("invalid unit name in config: '" + u + "'");
      }
      units.add(Names.unitName(u));
    }
    return new HostManifest(root, Set.copyOf(services), Set.copyOf(units));
  }

  /** The manifest document, read-only: copy it to add fields. */
  public Map<String, Object> document() {
    return document;
  }

  public boolean runsService(String name) {
    return services.contains(name);
  }

  /**
   * Units the agent may signal or read the journal of: manifest services, their SSO units,
   * configured extras.
   */
  public boolean knowsUnit(String unit) {
    return units.contains(unit);
  }

  public Set<String> services() {
    return services;
  }

  public Set<String> units() {
    return units;
  }
}
