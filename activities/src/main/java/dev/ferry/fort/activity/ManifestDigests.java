package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.fort.store.FortHost;
import dev.ferry.fort.workflow.HostDigest;
import dev.ferry.fort.workflow.ServiceDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reduces a host manifest to what the providers act on, applying the manifest's documented defaults
 * (fort-nix {@code common/fort/cluster-options.nix}) and refusing every service that breaks a rule.
 * A refused service is left out of the digest, so nothing is planned for it; the rest of the host
 * is fulfilled as usual. Every value the providers use later (names, ports, units, groups) passes
 * here.
 */
final class ManifestDigests {

  /** fort-nix's {@code visibility} enum. */
  static final Set<String> VISIBILITIES = Set.of("vpn", "local", "public");

  /** fort-nix's {@code sso.mode} enum. */
  static final Set<String> SSO_MODES =
      Set.of("none", "oidc", "headers", "basicauth", "gatekeeper", "token", "identity");

  static final int MAX_SERVICES = 256;
  static final int MAX_GROUPS = 50;
  static final int MAX_GROUP = 100;

  /** The agent's own rule for unit names it may signal ({@code Names.SERVICE}). */
  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@_][A-Za-z0-9@_.-]{0,127}");

  /**
   * Printable, no quotes or separators: a group name travels to pocket-id and into fingerprints.
   */
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9 _.@-]{1," + MAX_GROUP + "}");

  /** What one manifest read gave: the digest of its valid services and every refusal. */
  record Reading(HostDigest digest, List<Refusal> refusals) {}

  /**
   * A refused declaration; {@code service} is the declared name when it is printable, clipped.
   *
   * @param fqdn the name it asked for, when it could be built, else null
   */
  record Refusal(String service, String fqdn, String reason) {}

  private ManifestDigests() {}

  static Reading read(FortHost host, String domain, JsonNode manifest) {
    JsonNode list =
        manifest.has("services") ? manifest.get("services") : manifest.path("exposedServices");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new IllegalArgumentException("services must be a list");
    }
    List<ServiceDeclaration> services = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode s : list) {
      String label = displayName(s, index++);
      if (index > MAX_SERVICES) {
        refusals.add(new Refusal(label, null, "more than " + MAX_SERVICES + " services"));
        continue;
      }
      try {
        ServiceDeclaration service = service(s, domain);
        if (!names.add(service.name())) {
          throw new Refused(service.fqdn(), "service name declared twice on this host");
        }
        services.add(service);
      } catch (Refused r) {
        refusals.add(new Refusal(label, r.fqdn, r.getMessage()));
      }
    }
    String access = null;
    JsonNode git = manifest.path("gitToken");
    if (git.isObject()) {
      JsonNode a = git.path("access");
      if (a.isMissingNode() || (a.isTextual() && Set.of("ro", "rw").contains(a.asText()))) {
        access = a.asText("ro");
      } else {
        refusals.add(new Refusal("gitToken", null, "gitToken.access must be ro or rw"));
      }
    } else if (!git.isMissingNode() && !git.isNull()) {
      refusals.add(new Refusal("gitToken", null, "gitToken must be an object"));
    }
    return new Reading(
        new HostDigest(host.name(), host.address(), true, null, services, access), refusals);
  }

  static HostDigest unreachable(FortHost host, String failure) {
    return new HostDigest(host.name(), host.address(), false, failure, List.of(), null);
  }

  private static ServiceDeclaration service(JsonNode s, String domain) throws Refused {
    if (!s.isObject()) {
      throw new Refused(null, "a service must be an object");
    }
    String name = text(s, "name", null, null);
    if (!DnsNames.isLabel(name)) {
      throw new Refused(null, "name must be an RFC 1123 label (a-z, 0-9, '-', at most 63)");
    }
    String subdomain = text(s, "subdomain", name, null);
    if ("*".equals(subdomain) || subdomain.startsWith("*.")) {
      throw new Refused(null, "wildcard subdomains are refused");
    }
    if (!DnsNames.isLabel(subdomain)) {
      throw new Refused(null, "subdomain must be an RFC 1123 label (a-z, 0-9, '-', at most 63)");
    }
    String fqdn = subdomain + "." + domain;
    if (!DnsNames.isInside(fqdn, domain)) {
      throw new Refused(null, "name " + subdomain + "." + domain + " is not a valid DNS name");
    }
    Integer port = null;
    JsonNode p = s.path("port");
    if (!p.isMissingNode() && !p.isNull()) {
      if (!p.isIntegralNumber() || p.asLong() < 1 || p.asLong() > 65535) {
        throw new Refused(fqdn, "port must be an integer in 1..65535");
      }
      port = p.asInt();
    }
    String visibility = text(s, "visibility", "vpn", fqdn);
    if (!VISIBILITIES.contains(visibility)) {
      throw new Refused(fqdn, "visibility must be one of vpn, local, public");
    }
    JsonNode sso = s.path("sso");
    if (!sso.isMissingNode() && !sso.isObject()) {
      throw new Refused(fqdn, "sso must be an object");
    }
    String mode = text(sso, "mode", "none", fqdn);
    if (!SSO_MODES.contains(mode)) {
      throw new Refused(fqdn, "sso.mode must be one of " + String.join(", ", sorted(SSO_MODES)));
    }
    String restart = text(sso, "restart", "oauth2-proxy-" + name + ".service", fqdn);
    if (!UNIT.matcher(restart).matches() || restart.contains("..")) {
      throw new Refused(fqdn, "sso.restart must be a systemd unit name");
    }
    return new ServiceDeclaration(
        name, fqdn, port, visibility, mode, restart, groups(sso.path("groups"), fqdn));
  }

  private static List<String> groups(JsonNode node, String fqdn) throws Refused {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > MAX_GROUPS) {
      throw new Refused(fqdn, "sso.groups must be a list of at most " + MAX_GROUPS + " names");
    }
    Set<String> groups = new java.util.TreeSet<>();
    for (JsonNode g : node) {
      if (!g.isTextual() || !GROUP.matcher(g.asText()).matches()) {
        throw new Refused(
            fqdn, "sso.groups: a group is letters, digits, ' ', '_', '.', '@' or '-'");
      }
      groups.add(g.asText());
    }
    return List.copyOf(groups);
  }

  /** A string field: absent or null gives the default, any other non-string is refused. */
  private static String text(JsonNode node, String field, String fallback, String fqdn)
      throws Refused {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      if (fallback == null) {
        throw new Refused(fqdn, field + " is required");
      }
      return fallback;
    }
    if (!v.isTextual()) {
      throw new Refused(fqdn, field + " must be a string");
    }
    return v.asText();
  }

  /** The name to report a refusal under: printable and short, or the service's position. */
  private static String displayName(JsonNode s, int index) {
    String name = s.path("name").isTextual() ? s.path("name").asText() : "";
    boolean printable = !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    return printable && name.length() <= 63 ? name : "#" + index;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /** A rule a service broke; carries the fqdn when it was already known. */
  private static final class Refused extends Exception {
    private final String fqdn;

    Refused(String fqdn, String reason) {
      super(reason, null, false, false);
      this.fqdn = fqdn;
    }
  }
}
