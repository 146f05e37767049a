package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.workflow.HostDigest;
import dev.ferry.fort.workflow.ServiceDeclaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reduces a host manifest to what the providers act on, applying the manifest's documented
 * defaults.
 */
final class ManifestDigests {

  private ManifestDigests() {}

  static HostDigest digest(FortHost host, String domain, JsonNode manifest) {
    JsonNode list =
        manifest.has("services") ? manifest.get("services") : manifest.path("exposedServices");
    List<ServiceDeclaration> services = new ArrayList<>();
    for (JsonNode s : list) {
      String name = s.path("name").asText();
      String subdomain = s.path("subdomain").isTextual() ? s.path("subdomain").asText() : name;
      JsonNode sso = s.path("sso");
      String restart =
          sso.path("restart").isTextual()
              ? sso.path("restart").asText()
              : "oauth2-proxy-" + name + ".service";
      List<String> groups = new ArrayList<>();
      sso.path("groups").forEach(g -> groups.add(g.asText()));
      Collections.sort(groups);
      services.add(
          new ServiceDeclaration(
              name,
              subdomain + "." + domain,
              s.path("port").canConvertToInt() ? s.path("port").asInt() : null,
              s.path("visibility").asText("vpn"),
              sso.path("mode").asText("none"),
              restart,
              List.copyOf(groups)));
    }
    JsonNode git = manifest.path("gitToken");
    String access = git.isObject() ? git.path("access").asText("ro") : null;
    return new HostDigest(host.name(), host.address(), true, null, services, access);
  }

  static HostDigest unreachable(FortHost host, String failure) {
    return new HostDigest(host.name(), host.address(), false, failure, List.of(), null);
  }
}
