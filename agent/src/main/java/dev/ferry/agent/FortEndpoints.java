package dev.ferry.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
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

  private static final ObjectMapper JSON = new ObjectMapper();
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
      JsonNode node = JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
      return node != null && node.path("action").isTextual()
          ? node.path("action").asText()
          : "restart";
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
    JsonNode request = parseBody(body);
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
  private ObjectNode status() throws Rejection {
    List<String> failed = Endpoints.failedUnits(services);
    ObjectNode out = JSON.createObjectNode();
    out.put("hostname", config.host());
    out.put("status", failed.isEmpty() ? "running" : "degraded");
    out.put("uptime_seconds", uptimeSeconds());
    out.put("failed_units", failed.size());
    ArrayNode list = out.putArray("services");
    manifest
        .document()
        .path("services")
        .forEach(
            s -> {
              String name = s.path("name").asText();
              list.addObject()
                  .put("name", name)
                  .put(
                      "subdomain",
                      s.path("subdomain").isTextual() ? s.path("subdomain").asText() : name);
            });
    out.put(
        "generated_at",
        OffsetDateTime.now(ZoneId.systemDefault()).format(SECONDS_WITH_OFFSET)); // date -Iseconds
    return out;
  }

  private ObjectNode journal(JsonNode req) throws Rejection, IOException {
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

  private ObjectNode systemd(JsonNode req) throws Rejection, IOException {
    String action = req.path("action").isTextual() ? req.path("action").asText() : "restart";
    ObjectNode out = JSON.createObjectNode();
    switch (action) {
      case "restart", "start", "stop" -> {
        String unit = unit(req);
        long delay = action.equals("restart") ? delay(req) : 0;
        if (delay > 0) {
          scheduler.schedule(
              () -> Thread.ofVirtual().start(() -> signalLater(unit)), delay, TimeUnit.SECONDS);
          return out.put("status", "scheduled").put("unit", unit).put("delay_seconds", delay);
        }
        services.signal(Names.unitName(unit), action);
        String done =
            switch (action) {
              case "restart" -> "restarted";
              case "start" -> "started";
              default -> "stopped";
            };
        return out.put("status", done).put("unit", unit);
      }
      case "failed" -> {
        return units(out, services.failedUnits());
      }
      case "status" -> {
        String unit = unit(req);
        ServiceManager.UnitState state = services.unitState(Names.unitName(unit));
        return out.put("unit", unit)
            .put("active", state.active())
            .put("sub", state.sub())
            .put("load", state.load());
      }
      case "list" -> {
        String pattern = req.path("pattern").isTextual() ? req.path("pattern").asText() : "*";
        PathMatcher glob = glob(pattern);
        return units(
            out, manifest.units().stream().filter(u -> glob.matches(Path.of(u))).sorted().toList());
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

  private ObjectNode readFile(JsonNode req) throws Rejection, IOException {
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
    ObjectNode out = JSON.createObjectNode().put("path", requested);
    if (Files.isDirectory(real)) {
      return out.put("type", "directory").put("listing", DirectoryListing.of(real));
    }
    if (!Files.isRegularFile(real)) {
      throw new Rejection(400, "not a regular file");
    }
    TextSlice slice = TextSlice.read(real, offset, limit, config.limits().maxFileBytes());
    out.put("type", "file")
        .put("content", slice.content())
        .put("offset", offset)
        .put("limit", limit)
        .put("total_lines", slice.totalLines());
    if (slice.truncated()) {
      out.put("truncated", true); // content reached limits.maxFileBytes
    }
    return out;
  }

  private static ObjectNode units(ObjectNode out, List<String> units) {
    ArrayNode list = out.putArray("units");
    units.forEach(list::add);
    return out.put("count", units.size());
  }

  private String unit(JsonNode req) throws Rejection {
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

  private static long delay(JsonNode req) throws Rejection {
    JsonNode d = req.get("delay");
    if (d == null || d.isNull()) {
      return 0;
    }
    long v = d.isIntegralNumber() ? d.asLong() : d.isTextual() ? parse(d.asText()) : -1;
    if (v < 0 || v > MAX_DELAY_SECONDS) {
      throw new Rejection(
          400, "delay must be a non-negative integer (seconds, at most " + MAX_DELAY_SECONDS + ")");
    }
    return v;
  }

  /** fort-nix accepts numbers or digit strings ({@code jq -r}); at least 1. */
  private static int positive(JsonNode req, String field, int fallback) throws Rejection {
    long v = nonNegative(req, field, fallback);
    if (v < 1) {
      throw new Rejection(400, "invalid numeric parameter: " + field);
    }
    return (int) Math.min(v, Integer.MAX_VALUE);
  }

  private static long nonNegative(JsonNode req, String field, long fallback) throws Rejection {
    JsonNode v = req.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    long n = v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : -1;
    if (v.isTextual()) {
      n = parse(v.asText());
    }
    if (n < 0) {
      throw new Rejection(400, field + " must be a non-negative integer");
    }
    return n;
  }

  private static long parse(String digits) {
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  private static String optionalText(JsonNode req, String field) throws Rejection {
    JsonNode v = req.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Rejection(400, field + " must be a string");
    }
    return v.asText();
  }

  private static String filter(JsonNode req, String field) throws Rejection {
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

  private static JsonNode parseBody(byte[] body) throws Rejection {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
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
    ObjectNode doc = manifest.document();
    ObjectNode caps = doc.putObject("capabilities");
    for (String name : List.of("status", "manifest", "journal", "systemd", "read-file")) {
      ObjectNode c = caps.putObject(name);
      c.put("mode", "rpc").put("needsGC", false).put("ttl", 0).put("cacheResponse", false);
      c.putObject("triggers").put("initialize", false).putArray("systemd");
      c.put("format", "legacy");
      Capability needed =
          switch (name) {
            case "status" -> Capability.STATUS_QUERY;
            case "manifest" -> Capability.MANIFEST_READ;
            case "journal" -> Capability.JOURNAL_READ;
            case "systemd" -> Capability.STATUS_QUERY; // restart/start/stop: service:signal
            default -> Capability.FILE_READ;
          };
      ArrayNode allowed = c.putArray("allowed");
      policy.principals().values().stream()
          .filter(p -> !p.keys().isEmpty() && p.may(needed))
          .map(ClusterPolicy.Principal::name)
          .sorted()
          .forEach(allowed::add);
    }
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Endpoints.Response json(ObjectNode node) throws IOException {
    return new Endpoints.Response(200, "application/json", JSON.writeValueAsBytes(node));
  }
}
