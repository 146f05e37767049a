package dev.ferry.sandbox.foreman;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Deterministic generated host inventory. Host {@code i} (1-based id) is: every 50th a physical KVM
 * hypervisor ({@code kvmNNNNN}), every other 10th a bare-metal server ({@code bmNNNNN}), the rest
 * VMs spread over three compute resources (vcenter01, libvirt01, ovirt01). Generating 50,000 hosts
 * takes a few tens of milliseconds.
 */
final class HostInventory {
  static final DateTimeFormatter FOREMAN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final long BASE_EPOCH = 1_728_561_600L; // 2024-10-10 12:00:00 UTC

  enum Kind {
    VM,
    BAREMETAL,
    HYPERVISOR
  }

  record ComputeResource(
      long id, String name, String provider, String friendly, String lower, String model) {}

  static final List<ComputeResource> COMPUTE_RESOURCES =
      List.of(
          new ComputeResource(
              1, "vcenter01", "Vmware", "VMware", "vmware", "VMware Virtual Platform"),
          new ComputeResource(
              2, "libvirt01", "Libvirt", "Libvirt", "libvirt", "Standard PC (Q35 + ICH9, 2009)"),
          new ComputeResource(3, "ovirt01", "Ovirt", "oVirt", "ovirt", "oVirt Node"));

  private static final String[] ROLES = {"web", "app", "db", "cache", "mq", "mon"};
  private static final String[] DOMAINS = {"example.com", "lab.example.com"};
  private static final String[][] OS = {
    {"RedHat", "9", "4", "RedHat"},
    {"RedHat", "8", "10", "RedHat"},
    {"Ubuntu", "22", "04", "Debian"},
    {"Debian", "12", "5", "Debian"}
  };
  private static final String[] TEAMS = {"platform", "payments", "search", "observability"};

  static final class Host {
    final long id;
    final Kind kind;
    final String name;
    final String shortName;
    final String domain;
    final long domainId;
    final String[] os;
    final long osId;
    final String hostgroupName;
    final String hostgroupTitle;
    final long hostgroupId;
    final ComputeResource cr;
    final String ip;
    final String mac;
    final boolean managed;
    final int globalStatus;
    final long lastReport;
    final long created;
    final int cores;
    final int sockets;
    final long ramMb;
    final long uptime;

    Host(long i) {
      id = i;
      kind = i % 50 == 0 ? Kind.HYPERVISOR : i % 10 == 0 ? Kind.BAREMETAL : Kind.VM;
      int d = (int) (i % 2);
      domain = DOMAINS[d];
      domainId = d + 1;
      String role = ROLES[(int) (i % ROLES.length)];
      shortName =
          switch (kind) {
            case HYPERVISOR -> String.format("kvm%05d", i);
            case BAREMETAL -> String.format("bm%05d", i);
            default -> String.format("%s%05d", role, i);
          };
      name = shortName + "." + domain;
      int o = (int) ((i / 3) % OS.length);
      os = OS[o];
      osId = o + 1;
      hostgroupName =
          kind == Kind.VM ? role : kind == Kind.HYPERVISOR ? "hypervisors" : "baremetal";
      hostgroupTitle = (kind == Kind.VM ? "prod/" : "infra/") + hostgroupName;
      hostgroupId = kind == Kind.VM ? 10 + (i % ROLES.length) : kind == Kind.HYPERVISOR ? 2 : 3;
      cr = kind == Kind.VM ? COMPUTE_RESOURCES.get((int) (i % 3)) : null;
      ip = "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
      mac = String.format("00:50:56:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255);
      managed = i % 4 != 0;
      globalStatus = i % 101 == 0 ? 2 : i % 37 == 0 ? 1 : 0;
      lastReport = BASE_EPOCH - (i % 1440) * 60;
      created = BASE_EPOCH - 86_400L * 200 - i;
      cores = kind == Kind.VM ? (int) (2 << (i % 3)) : 64;
      sockets = kind == Kind.VM ? 1 : 2;
      ramMb = kind == Kind.VM ? 4096L << (i % 3) : 524_288L;
      uptime = 3600 + (i * 7919) % 5_000_000;
    }

    String osTitle() {
      return os[0] + " " + os[1] + "." + os[2];
    }

    boolean virtual() {
      return kind == Kind.VM;
    }

    String model() {
      return cr != null ? cr.model : "PowerEdge R650";
    }

    /** Facts as Puppet would upload them, sorted by name; values are strings. */
    Map<String, String> facts() {
      Map<String, String> f = new TreeMap<>();
      f.put("architecture", "x86_64");
      f.put("domain", domain);
      f.put("fqdn", name);
      f.put("hostname", shortName);
      f.put("ipaddress", ip);
      f.put("is_virtual", String.valueOf(virtual()));
      f.put("kernelrelease", kernel());
      f.put("macaddress", mac);
      f.put("memorysize_mb", ramMb + ".00");
      f.put("operatingsystem", os[0]);
      f.put("operatingsystemmajrelease", os[1]);
      f.put("operatingsystemrelease", os[1] + "." + os[2]);
      f.put("osfamily", os[3]);
      f.put("physicalprocessorcount", String.valueOf(sockets));
      f.put("processors::count", String.valueOf(cores));
      f.put("uptime_seconds", String.valueOf(uptime));
      f.put("virtual", cr == null ? "physical" : cr.lower.equals("vmware") ? "vmware" : "kvm");
      if (kind == Kind.HYPERVISOR) {
        f.put("hypervisors::kvm", "true");
        f.put("virt::host_type", "kvm");
      }
      return f;
    }

    String kernel() {
      return os[3].equals("RedHat")
          ? (os[1].equals("9") ? "5.14.0-427.el9" : "4.18.0-553.el8")
          : (os[0].equals("Ubuntu") ? "5.15.0-105-generic" : "6.1.0-21-amd64");
    }

    Map<String, String> parameters() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("owner_team", TEAMS[(int) (id % TEAMS.length)]);
      if (kind != Kind.VM) {
        p.put("rack", String.format("r%02d", id % 40));
      }
      return p;
    }
  }

  static int factCount(Kind k) {
    return k == Kind.HYPERVISOR ? 19 : 17;
  }

  private final Host[] byId;
  private final Host[] byName;
  private final Map<String, Host> byFqdn;
  private final long totalFacts;

  HostInventory(int count) {
    byId = new Host[count];
    Map<String, Host> fqdn = new java.util.HashMap<>(count * 2);
    long facts = 0;
    for (int i = 0; i < count; i++) {
      Host h = new Host(i + 1);
      byId[i] = h;
      fqdn.put(h.name, h);
      facts += factCount(h.kind);
    }
    byName = byId.clone();
    Arrays.sort(byName, Comparator.comparing(h -> h.name));
    byFqdn = fqdn;
    totalFacts = facts;
  }

  int size() {
    return byId.length;
  }

  Host[] byName() {
    return byName;
  }

  Host[] byId() {
    return byId;
  }

  long totalFacts() {
    return totalFacts;
  }

  /** Numeric id or FQDN (foreman-api.md §3.4). */
  Host find(String idOrName) {
    if (idOrName.chars().allMatch(Character::isDigit) && !idOrName.isEmpty()) {
      try {
        long id = Long.parseLong(idOrName);
        return id >= 1 && id <= byId.length ? byId[(int) id - 1] : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return byFqdn.get(idOrName);
  }

  static String time(long epochSeconds) {
    return FOREMAN_TIME.format(Instant.ofEpochSecond(epochSeconds));
  }

  static ObjectNode thin(Host h) {
    ObjectNode o = Json.object();
    o.put("id", h.id);
    o.put("name", h.name);
    return o;
  }

  /**
   * A host as the host list and show render it: every attribute and node of
   * app/views/api/v2/hosts/main.json.rabl with base.json.rabl (name, id, display_name), the facets
   * Foreman core registers (reported_data, infrastructure_facet), and the statuses relevant to the
   * host (HostStatus registry: configuration, build) — Foreman 3.13. Clients and Ferry's snapshot
   * store the object whole, so a missing field would hide a client's dependence on it.
   */
  static ObjectNode full(Host h, boolean puppetPlugin) {
    ObjectNode o = Json.object();
    o.put("id", h.id);
    o.put("name", h.name);
    o.put("display_name", h.name);
    o.put("ip", h.ip);
    o.putNull("ip6");
    o.put("mac", h.mac);
    o.put("domain_id", h.domainId);
    o.put("domain_name", h.domain);
    o.put("operatingsystem_id", h.osId);
    o.put("operatingsystem_name", h.osTitle());
    o.put("architecture_id", 1);
    o.put("architecture_name", "x86_64");
    o.put("hostgroup_id", h.hostgroupId);
    o.put("hostgroup_name", h.hostgroupName);
    o.put("hostgroup_title", h.hostgroupTitle);
    o.put("model_id", h.cr == null ? 9 : h.cr.id);
    o.put("model_name", h.model());
    if (h.cr == null) {
      o.putNull("compute_resource_id");
      o.putNull("compute_resource_name");
      o.putNull("compute_resource_provider");
    } else {
      o.put("compute_resource_id", h.cr.id);
      o.put("compute_resource_name", h.cr.name);
      o.put("compute_resource_provider", h.cr.lower);
    }
    o.put("organization_id", 1);
    o.put("organization_name", "Default Organization");
    o.put("location_id", 2);
    o.put("location_name", "Default Location");
    o.put("managed", h.managed);
    o.put("build", false);
    o.put("enabled", true);
    o.put("comment", "");
    o.put("last_report", time(h.lastReport));
    o.put("global_status", h.globalStatus);
    o.put(
        "global_status_label",
        h.globalStatus == 0 ? "OK" : h.globalStatus == 1 ? "Warning" : "Error");
    o.put("configuration_status", 0);
    o.put("configuration_status_label", "No changes");
    if (h.managed) {
      o.put("build_status", 0);
      o.put("build_status_label", "Installed");
    }
    o.put("owner_id", 1);
    o.put("owner_name", "Admin User");
    o.put("owner_type", "User");
    o.put("certname", h.name);
    o.put("created_at", time(h.created));
    o.put("updated_at", time(h.lastReport));
    o.putNull("realm_id");
    o.putNull("realm_name");
    o.putNull("sp_mac");
    o.putNull("sp_ip");
    o.putNull("sp_name");
    o.putNull("sp_subnet_id");
    o.put("subnet_id", h.domainId);
    o.put("subnet_name", h.domain.replace('.', '-') + "-v4");
    o.putNull("subnet6_id");
    o.putNull("subnet6_name");
    o.put("ptable_id", h.managed ? 7L : null);
    o.put("ptable_name", h.managed ? "Kickstart default" : null);
    o.put("medium_id", h.managed && h.cr == null ? 9L : null);
    o.put("medium_name", h.managed && h.cr == null ? "Rocky Linux mirror" : null);
    o.put("pxe_loader", h.managed ? "PXELinux BIOS" : null);
    o.putNull("disk");
    o.put("initiated_at", h.managed ? time(h.created) : null);
    o.put("installed_at", h.managed ? time(h.created + 900) : null);
    o.put("creator_id", 1);
    o.put("creator", "Admin User");
    o.put("use_image", (Boolean) null);
    o.putNull("image_file");
    o.put("uuid", h.cr == null ? null : new UUID(0x5f5ef1e5L, h.id).toString());
    o.putNull("compute_profile_id");
    o.putNull("compute_profile_name");
    ArrayNode capabilities = o.putArray("capabilities").add("build");
    if (h.cr != null) {
      capabilities.add("image");
    }
    o.put("provision_method", "build");
    o.putNull("image_id");
    o.putNull("image_name");
    o.putNull("last_compile");
    o.putArray("tags");
    o.put("bmc_available", false);
    o.put("uptime_seconds", h.uptime);
    ObjectNode rd = o.putObject("reported_data");
    rd.put("boot_time", time(BASE_EPOCH - h.uptime));
    rd.put("cores", h.cores);
    rd.put("sockets", h.sockets);
    rd.put("disks_total", h.virtual() ? 107_374_182_400L : 3_840_755_982_336L);
    rd.put("kernel_version", h.kernel());
    rd.put("bios_vendor", h.virtual() ? "SeaBIOS" : "Dell Inc.");
    rd.put("bios_release_date", h.virtual() ? "04/01/2014" : "11/15/2023");
    rd.put("bios_version", h.virtual() ? "1.16.3-2.el9" : "2.19.1");
    ObjectNode infra = o.putObject("infrastructure_facet");
    infra.put("foreman_instance", false);
    infra.putNull("smart_proxy_id");
    if (puppetPlugin) {
      o.put("puppet_status", 0);
      o.putNull("puppet_proxy_id");
      o.putNull("puppet_proxy_name");
      o.putNull("puppet_proxy");
      o.putNull("puppet_ca_proxy_id");
      o.putNull("puppet_ca_proxy_name");
      o.putNull("puppet_ca_proxy");
      o.put("environment_id", 1);
      o.put("environment_name", "production");
    }
    return o;
  }

  static ArrayNode parameters(Host h, boolean withMeta) {
    ArrayNode a = Json.array();
    long pid = h.id * 10;
    for (Map.Entry<String, String> e : h.parameters().entrySet()) {
      ObjectNode p = a.addObject();
      p.put("id", pid++);
      p.put("name", e.getKey());
      p.put("value", e.getValue());
      p.put("parameter_type", "string");
      if (withMeta) {
        p.put("priority", 60);
        p.put("created_at", time(h.created));
        p.put("updated_at", time(h.created));
      }
    }
    return a;
  }

  /** scoped_search fields for hosts (foreman-api.md §5). */
  static ScopedSearch.Fields<Host> fields(boolean katello) {
    return ScopedSearch.Fields.of(f -> knows(f, katello), HostInventory::value);
  }

  private static boolean knows(String f, boolean katello) {
    return switch (f) {
      case "name",
          "id",
          "hostgroup",
          "hostgroup_title",
          "hostgroup_name",
          "domain",
          "os",
          "os_title",
          "os_major",
          "os_minor",
          "architecture",
          "model",
          "ip",
          "mac",
          "compute_resource",
          "compute_resource_id",
          "managed",
          "build",
          "global_status",
          "last_report",
          "organization",
          "organization_id",
          "location",
          "location_id",
          "reported.virtual",
          "reported.cores",
          "reported.sockets",
          "reported.ram",
          "reported.boot_time",
          "reported.kernel_version" ->
          true;
      case "hypervisor", "hypervisor_host" -> katello;
      default ->
          (f.startsWith("facts.") || f.startsWith("params.")) && f.indexOf('.') < f.length() - 1;
    };
  }

  private static Object value(Host h, String f) {
    if (f.startsWith("facts.")) {
      return h.facts().get(f.substring(6));
    }
    if (f.startsWith("params.")) {
      return h.parameters().get(f.substring(7));
    }
    return switch (f) {
      case "name" -> h.name;
      case "id" -> h.id;
      case "hostgroup", "hostgroup_title" -> h.hostgroupTitle;
      case "hostgroup_name" -> h.hostgroupName;
      case "domain" -> h.domain;
      case "os" -> h.os[0];
      case "os_title" -> h.osTitle();
      case "os_major" -> h.os[1];
      case "os_minor" -> h.os[2];
      case "architecture" -> "x86_64";
      case "model" -> h.model();
      case "ip" -> h.ip;
      case "mac" -> h.mac;
      case "compute_resource" -> h.cr == null ? null : h.cr.name;
      case "compute_resource_id" -> h.cr == null ? null : h.cr.id;
      case "managed" -> h.managed;
      case "build" -> false;
      case "global_status" -> (long) h.globalStatus;
      case "last_report" -> time(h.lastReport);
      case "organization" -> "Default Organization";
      case "organization_id" -> 1L;
      case "location" -> "Default Location";
      case "location_id" -> 2L;
      case "reported.virtual" -> h.virtual();
      case "reported.cores" -> (long) h.cores;
      case "reported.sockets" -> (long) h.sockets;
      case "reported.ram" -> h.ramMb;
      case "reported.boot_time" -> time(BASE_EPOCH - h.uptime);
      case "reported.kernel_version" -> h.kernel();
      case "hypervisor" -> h.kind == Kind.HYPERVISOR;
      case "hypervisor_host" -> null;
      default -> null;
    };
  }
}
