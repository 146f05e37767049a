package dev.ferry.agent;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * fort-nix's mandatory capabilities on {@code POST /fort/<capability>}, with its request and
 * response shapes (gisikw/fort-nix {@code common/fort/control-plane/handlers.nix} at a55318a), so
 * fort-nix's own {@code fort} client works against this agent. Ferry's RBAC and the manifest
 * allow-lists apply as on the other endpoints; validation errors are 400 with fort-nix's error text
 * (fort-nix answers them as 500 "handler failed: …"; its client exits 1 on both).
 */
final class FortEndpoints {
  /** fort-nix's journal handler clamps {@code lines} to 100. */
  private static final int FORT_MAX_LINES = 100;

  private static final int FORT_MAX_LINE_CHARS = 10_000;
  private static final int FORT_MAX_READ_LINES = 10_000;
  private static final int MAX_DELAY_SECONDS = 3600;
  private static final int MAX_PATTERN_CHARS = 256;
  private static final Pattern UNIT = Pattern.compile("[a-zA-Z0-9@_.-]+");

  /** fort-nix's read-file denylist, kept on top of the read roots and secret paths. */
  private static final Pattern DENIED =
      Pattern.compile("^/etc/g?shadow.*|.*/\\.ssh/id_.*|.*/private.*key.*|.*\\.age$");

  private static final DateTimeFormatter SECONDS_WITH_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private final AgentConfig config;
  private final HostManifest manifest;
  private final ServiceManager services;
  private final FileReadAccess files;
  private final ScheduledExecutorService scheduler;
  private final byte[] manifestBody;

  FortEndpoints(
      AgentConfig config,
      HostManifest manifest,
      ClusterPolicy policy,
      ServiceManager services,
      FileReadAccess files,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.manifest = manifest;
    this.services = services;
    this.files = files;
    this.scheduler = scheduler;
    this.manifestBody = manifestBody(manifest, policy);
  }

  /** The body's {@code action} ({@code restart} when absent, as in fort-nix). */
  static String systemdAction(byte[] body) {
    try {
      Map<String, Object> node = body.length == 0 ? null : Json.object(Json.parse(body));
      return node != null && node.get("action") instanceof String action ? action : "restart";
    } catch (IOException e) {
      return "restart"; // unreadable: treated as the state-changing default (single use)
    }
  }

  static String pullModelError(String capability) {
    return capability
        + " belongs to fort-nix's pull model (hosts request needs, providers call back), which"
        + " Ferry replaces: Ferry pushes credentials to this agent (POST /credentials/...), so"
        + " there are no needs to list, refresh or re-nag here";
  }

  Endpoints.Response handle(Route route, byte[] body) throws Rejection {
    Map<String, Object> request = parseBody(body);
    try {
      return switch (route.kind()) {
        case FORT_MANIFEST -> new Endpoints.Response(200, "application/json", manifestBody);
        case FORT_STATUS -> json(status());
        case FORT_JOURNAL -> json(journal(request));
        case FORT_SYSTEMD -> json(systemd(request));
        case FORT_READ_FILE -> json(readFile(request));
        default -> throw new IllegalArgumentException(route.kind().name());
      };
    } catch (IOException e) {
      throw new Rejection(500, "handler failed: " + e.getMessage());
    }
  }

  /** fort-nix's host-status shape ({@code aspects/host-status}), computed live. */
  private Map<String, Object> status() throws Rejection {
    List<String> failed = Endpoints.failedUnits(services);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hostname", config.host());
    out.put("status", failed.isEmpty() ? "running" : "degraded");
    out.put("uptime_seconds", uptimeSeconds());
    out.put("failed_units", failed.size());
    List<Object> list = new ArrayList<>();
    if (manifest.document().get("services") instanceof List<?> manifestServices) {
      for (Object item : manifestServices) {
        Map<String, Object> s = Json.object(item); // the manifest's services are checked objects
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", s.get("name"));
        service.put("subdomain", s.get("subdomain") instanceof String sub ? sub : s.get("name"));
        list.add(service);
      }
    }
    out.put("services", list);
    out.put(
        "generated_at",
        OffsetDateTime.now(ZoneId.systemDefault()).format(SECONDS_WITH_OFFSET)); // date -Iseconds
    return out;
  }

  private Map<String, Object> journal(Map<String, Object> req) throws Rejection, IOException {
    String unit = optionalText(req, "unit");
    String identifier = optionalText(req, "identifier");
    if (unit == null && identifier == null) {
      throw new Rejection(400, "unit or identifier parameter required");
    }
    if (unit != null && identifier != null) {
      throw new Rejection(400, "unit and identifier are mutually exclusive");
    }
    allowListed(unit != null ? unit : identifier);
    int lines = positive(req, "lines", 40);
    int maxChars = positive(req, "max_chars", 8000);
    int maxLineChars = positive(req, "max_line_chars", 500);
    int lineLimit = Math.min(lines, Math.min(FORT_MAX_LINES, config.limits().maxJournalLines()));
    int charLimit = Math.min(maxChars, config.limits().maxJournalChars());
    int lineCharLimit = Math.min(maxLineChars, FORT_MAX_LINE_CHARS);
    ServiceManager.JournalQuery query =
        new ServiceManager.JournalQuery(
            unit == null ? null : Names.unitName(unit),
            identifier,
            lineLimit,
            filter(req, "since"),
            filter(req, "until"),
            filter(req, "grep"));
    List<String> raw;
    try {
      raw = services.journal(query);
    } catch (IOException e) {
      raw = List.of(e.getMessage()); // fort-nix passes journalctl's own error text through
    }
    return JournalOutput.summarise(
        raw,
        lines,
        lineLimit,
        charLimit,
        lineCharLimit,
        lineLimit < lines,
        charLimit < maxChars,
        lineCharLimit < maxLineChars);
  }

  private Map<String, Object> systemd(Map<String, Object> req) throws Rejection, IOException {
    String action = req.get("action") instanceof String a ? a : "restart";
    Map<String, Object> out = new LinkedHashMap<>();
    switch (action) {
      case "restart", "start", "stop" -> {
        String unit = unit(req);
        long delay = action.equals("restart") ? delay(req) : 0;
        if (delay > 0) {
          scheduler.schedule(
              () -> Thread.ofVirtual().start(() -> signalLater(unit)), delay, TimeUnit.SECONDS);
          out.put("status", "scheduled");
          out.put("unit", unit);
          out.put("delay_seconds", delay);
          return out;
        }
        services.signal(Names.unitName(unit), action);
        String done =
            switch (action) {
              case "restart" -> "restarted";
              case "start" -> "started";
              default -> "stopped";
            };
        out.put("status", done);
        out.put("unit", unit);
        return out;
      }
      case "failed" -> {
        return units(out, services.failedUnits());
      }
      case "status" -> {
        String unit = unit(req);
        ServiceManager.UnitState state = services.unitState(Names.unitName(unit));
        out.put("unit", unit);
        out.put("active", state.active());
        out.put("sub", state.sub());
        out.put("load", state.load());
        return out;
      }
      case "list" -> {
        PathMatcher glob = glob(req.get("pattern") instanceof String p ? p : "*");
        List<String> matching = new ArrayList<>();
        for (String u : manifest.units()) {
          if (glob.matches(Path.of(u))) {
            matching.add(u);
          }
        }
        matching.sort(null);
        return units(out, matching);
      }
      default ->
          throw new Rejection(
              400, "unknown action (valid: start, restart, stop, failed, status, list)");
    }
  }

  private void signalLater(String unit) {
    try {
      services.signal(Names.unitName(unit), "restart");
    } catch (IOException e) {
      Log.event("error", "scheduled restart failed", unit + ": " + e.getMessage());
    }
  }

  private Map<String, Object> readFile(Map<String, Object> req) throws Rejection, IOException {
    String requested = optionalText(req, "path");
    if (requested == null) {
      throw new Rejection(400, "path parameter required");
    }
    if (DENIED.matcher(requested).matches()) {
      throw new Rejection(403, "access denied");
    }
    long offset = nonNegative(req, "offset", 0);
    long limit = Math.min(nonNegative(req, "limit", 1000), FORT_MAX_READ_LINES);
    Path real = files.resolve(requested);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", requested);
    if (Files.isDirectory(real)) {
      out.put("type", "directory");
      out.put("listing", DirectoryListing.of(real));
      return out;
    }
    if (!Files.isRegularFile(real)) {
      throw new Rejection(400, "not a regular file");
    }
    TextSlice slice = TextSlice.read(real, offset, limit, config.limits().maxFileBytes());
    out.put("type", "file");
    out.put("content", slice.content());
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("total_lines", slice.totalLines());
    if (slice.truncated()) {
      out.put("truncated", true); // content reached limits.maxFileBytes
    }
    return out;
  }

  private static Map<String, Object> units(Map<String, Object> out, List<String> units) {
    out.put("units", units);
    out.put("count", units.size());
    return out;
  }

  private String unit(Map<String, Object> req) throws Rejection {
    String unit = optionalText(req, "unit");
    if (unit == null) {
      throw new Rejection(400, "unit parameter required");
    }
    allowListed(unit);
    return unit;
  }

  /** The manifest allow-list: units of manifest services, their SSO units, extraUnits. */
  private void allowListed(String unit) throws Rejection {
    if (!UNIT.matcher(unit).matches() || !Names.isServiceName(unit)) {
      throw new Rejection(400, "invalid unit name");
    }
    if (!manifest.knowsUnit(Names.unitName(unit))) {
      throw new Rejection(404, "service not on this host");
    }
  }

  private static long delay(Map<String, Object> req) throws Rejection {
    Object d = req.get("delay");
    if (d == null) {
      return 0;
    }
    long v = d instanceof Long n ? n : d instanceof String s ? parse(s) : -1;
    if (v < 0 || v > MAX_DELAY_SECONDS) {
      throw new Rejection(
          400, "delay must be a non-negative integer (seconds, at most " + MAX_DELAY_SECONDS + ")");
    }
    return v;
  }

  /** fort-nix accepts numbers or digit strings ({@code jq -r}); at least 1. */
  private static int positive(Map<String, Object> req, String field, int fallback)
      throws Rejection {
    long v = nonNegative(req, field, fallback);
    if (v < 1) {
      throw new Rejection(400, "invalid numeric parameter: " + field);
    }
    return (int) Math.min(v, Integer.MAX_VALUE);
  }

  private static long nonNegative(Map<String, Object> req, String field, long fallback)
      throws Rejection {
    Object v = req.get(field);
    if (v == null) {
      return fallback;
    }
    long n = v instanceof Long whole ? whole : v instanceof String s ? parse(s) : -1;
    if (n < 0) {
      throw new Rejection(400, field + " must be a non-negative integer");
    }
    return n;
  }

  private static long parse(String digits) {
    if (digits.isEmpty() || digits.length() > 12) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }

  private static String optionalText(Map<String, Object> req, String field) throws Rejection {
    Object v = req.get(field);
    if (v == null || "".equals(v)) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new Rejection(400, field + " must be a string");
    }
    return s;
  }

  private static String filter(Map<String, Object> req, String field) throws Rejection {
    return JournalFilter.check(field, optionalText(req, field));
  }

  private static PathMatcher glob(String pattern) throws Rejection {
    if (pattern.length() > MAX_PATTERN_CHARS || pattern.contains("/") || pattern.contains("{")) {
      throw new Rejection(400, "invalid pattern");
    }
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    } catch (IllegalArgumentException e) {
      throw new Rejection(400, "invalid pattern");
    }
  }

  private static Map<String, Object> parseBody(byte[] body) throws Rejection {
    if (body.length == 0) {
      return Map.of();
    }
    try {
      Map<String, Object> node = Json.object(Json.parse(body));
      if (node != null) {
        return node;
      }
    } catch (IOException e) {
      // answered below
    }
    throw new Rejection(400, "invalid request: expected a JSON object body");
  }

  /** Host uptime from /proc/uptime, as fort-nix reports it. */
  private static long uptimeSeconds() {
    try {
      String s = Files.readString(Path.of("/proc/uptime")).trim();
      return (long) Double.parseDouble(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * fort-nix's manifest capability: the host manifest plus {@code capabilities}, each with its
   * fort-nix settings (all synchronous here) and {@code allowed}: the principals whose roles grant
   * it.
   */
  private static byte[] manifestBody(HostManifest manifest, ClusterPolicy policy) {
    Map<String, Object> caps = new LinkedHashMap<>();
    for (String name : List.of("status", "manifest", "journal", "systemd", "read-file")) {
      Capability needed =
          switch (name) {
            case "status" -> Capability.STATUS_QUERY;
            case "manifest" -> Capability.MANIFEST_READ;
            case "journal" -> Capability.JOURNAL_READ;
            case "systemd" -> Capability.STATUS_QUERY; // restart/start/stop: service:signal
            default -> Capability.FILE_READ;
          };
      List<String> allowed = new ArrayList<>();
      for (ClusterPolicy.Principal p : policy.principals().values()) {
        if (!p.keys().isEmpty() && p.may(needed)) {
          allowed.add(p.name());
        }
      }
      allowed.sort(null);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("mode", "rpc");
      c.put("needsGC", false);
      c.put("ttl", 0);
      c.put("cacheResponse", false);
      Map<String, Object> triggers = new LinkedHashMap<>();
      triggers.put("initialize", false);
      triggers.put("systemd", List.of());
      c.put("triggers", triggers);
      c.put("format", "legacy");
      c.put("allowed", allowed);
      caps.put(name, c);
    }
    Map<String, Object> doc = new LinkedHashMap<>(manifest.document());
    doc.put("capabilities", caps);
    return Json.write(doc);
  }

  private static Endpoints.Response json(Map<String, Object> body) {
    return new Endpoints.Response(200, "application/json", Json.write(body));
  }
}
