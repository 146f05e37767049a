package dev.ferry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The host manifest ({@code /var/lib/fort/host-manifest.json}): what this host runs. The agent uses
 * it as an allow-list: no credential write or signal for a service the host does not run.
 */
public final class HostManifest {
  private final ObjectNode document;
  private final Set<String> services;
  private final Set<String> units;

  private HostManifest(ObjectNode document, Set<String> services, Set<String> units) {
    this.document = document;
    this.services = services;
    this.units = units;
  }

  public static HostManifest load(Path file, ObjectMapper json, Collection<String> extraUnits) {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("cannot read host manifest " + file + ": " + e.getMessage());
    }
    return fromJson(root, extraUnits);
  }

  public static HostManifest fromJson(JsonNode root, Collection<String> extraUnits) {
    if (root == null || !root.isObject()) {
      throw new ConfigException("host manifest must be a JSON object");
    }
    JsonNode list = root.has("services") ? root.get("services") : root.get("exposedServices");
    Set<String> services = new LinkedHashSet<>();
    Set<String> units = new LinkedHashSet<>();
    if (list != null) {
      if (!list.isArray()) {
        throw new ConfigException("host manifest 'services' must be a list");
      }
      for (JsonNode s : list) {
        String name = s.path("name").asText("");
        if (!Names.isServiceName(name)) {
          throw new ConfigException("host manifest has an invalid service name: '" + name + "'");
        }
        services.add(name);
        units.add(Names.unitName(name));
        JsonNode sso = s.path("sso");
        String mode = sso.path("mode").asText("none");
        String restart = sso.path("restart").isTextual() ? sso.path("restart").asText() : null;
        if (restart != null && Names.isServiceName(restart)) {
          units.add(Names.unitName(restart));
        } else if (!Set.of("none", "token", "identity").contains(mode)) {
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
    return new HostManifest((ObjectNode) root, Set.copyOf(services), Set.copyOf(units));
  }

  /** A copy of the manifest document (callers may add fields). */
  public ObjectNode document() {
    return document.deepCopy();
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
