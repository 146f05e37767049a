package dev.ferry.agent;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** The endpoint handlers; they run only after every pipeline check passed. */
final class Endpoints {
  record Response(int status, String contentType, byte[] body) {
    static Response json(String json) {
      return new Response(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final AgentConfig config;
  private final HostManifest manifest;
  private final ServiceManager services;
  private final CredentialStore credentials;
  private final FileReadAccess files;
  private final JournalFollowers followers;
  private final FortEndpoints fort;
  private final long startMillis = System.currentTimeMillis();
  private final byte[] manifestBody;

  Endpoints(
      AgentConfig config,
      HostManifest manifest,
      ClusterPolicy policy,
      ServiceManager services,
      ScheduledExecutorService scheduler,
      AuditLog audit) {
    this.config = config;
    this.manifest = manifest;
    this.services = services;
    this.credentials = new CredentialStore();
    this.files =
        new FileReadAccess(
            config.fileReadRoots(), config.limits().maxFileBytes(), SecretPaths.of(config));
    this.followers = new JournalFollowers(config.limits(), services, scheduler, audit);
    this.fort = new FortEndpoints(config, manifest, policy, services, files, scheduler);
    // the manifest is fixed for the process lifetime: serialise it once
    Map<String, Object> doc = new LinkedHashMap<>(manifest.document());
    doc.put("host", config.host());
    List<String> caps = new ArrayList<>();
    for (Capability c : Capability.values()) {
      caps.add(c.id());
    }
    doc.put("capabilities", caps);
    this.manifestBody = Json.write(doc);
  }

  Response handle(
      Route route,
      ClusterPolicy.Principal principal,
      HttpExchange ex,
      String rawQuery,
      byte[] body,
      Responder responder,
      AuditLog.Entry entry)
      throws Rejection, IOException {
    return switch (route.kind()) {
      case MANIFEST -> new Response(200, "application/json", manifestBody);
      case STATUS -> status();
      case CREDENTIALS_WRITE -> writeCredentials(route, body);
      case CREDENTIALS_DELETE -> deleteCredentials(route);
      case SIGNAL -> signal(route, body);
      case JOURNAL -> journal(route, query(rawQuery), responder, ex, entry);
      case FILE -> readFile(query(rawQuery), entry);
      case FORT_MANIFEST, FORT_STATUS, FORT_JOURNAL, FORT_SYSTEMD, FORT_READ_FILE ->
          fort.handle(route, body);
      case FORT_PULL_MODEL, FORT_UNKNOWN -> throw new IllegalStateException("pipeline answers");
    };
  }

  /** The host's failed units; a failing systemctl is the handler's 500. */
  static List<String> failedUnits(ServiceManager services) throws Rejection {
    try {
      return services.failedUnits();
    } catch (IOException e) {
      throw new Rejection(500, "handler failed: " + e.getMessage());
    }
  }

  private Response status() throws Rejection {
    List<String> failed = failedUnits(services);
    StringBuilder sb = new StringBuilder(256).append("{\"host\":");
    Json.quote(sb, config.host());
    sb.append(",\"time\":");
    Json.quote(sb, Instant.now().toString());
    sb.append(",\"uptimeSeconds\":").append((System.currentTimeMillis() - startMillis) / 1000);
    sb.append(",\"services\":");
    list(sb, manifest.services());
    sb.append(",\"failedUnits\":");
    list(sb, failed);
    return Response.json(sb.append('}').toString());
  }

  private Response writeCredentials(Route route, byte[] body) throws Rejection, IOException {
    AgentConfig.CredentialType type = config.credentialTypes().get(route.type());
    Map<String, Object> root = parseObject(body);
    Object encoding = root.get("encoding") == null ? "utf8" : root.get("encoding");
    if (!encoding.equals("utf8") && !encoding.equals("base64")) {
      throw new Rejection(400, "invalid request body: encoding must be utf8 or base64");
    }
    Map<String, Object> filesNode = Json.object(root.get("files"));
    if (filesNode == null || filesNode.isEmpty()) {
      throw new Rejection(400, "invalid request body: files must be a non-empty object");
    }
    if (filesNode.size() > config.limits().maxCredentialFiles()) {
      throw new Rejection(400, "invalid request body: too many files");
    }
    Map<String, byte[]> contents = new LinkedHashMap<>();
    for (Map.Entry<String, Object> f : filesNode.entrySet()) {
      if (!Names.isFileName(f.getKey())) {
        throw new Rejection(400, "invalid request body: invalid file name");
      }
      if (!(f.getValue() instanceof String text)) {
        throw new Rejection(400, "invalid request body: file contents must be strings");
      }
      try {
        contents.put(
            f.getKey(),
            encoding.equals("base64")
                ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new Rejection(400, "invalid request body: invalid base64");
      }
    }
    CredentialStore.WriteOutcome outcome;
    try {
      outcome = credentials.write(type, route.service(), contents);
    } catch (IOException e) {
      throw new Rejection(500, "handler failed: " + e.getClass().getSimpleName());
    }
    return Response.json(
        "{\"result\":\""
            + outcome.name().toLowerCase()
            + "\",\"files\":"
            + list(new StringBuilder(), contents.keySet())
            + "}");
  }

  private Response deleteCredentials(Route route) throws Rejection {
    AgentConfig.CredentialType type = config.credentialTypes().get(route.type());
    try {
      CredentialStore.DeleteOutcome outcome = credentials.delete(type, route.service());
      return Response.json("{\"result\":\"" + outcome.name().toLowerCase() + "\"}");
    } catch (IOException e) {
      throw new Rejection(500, "handler failed: " + e.getClass().getSimpleName());
    }
  }

  private Response signal(Route route, byte[] body) throws Rejection {
    Object requested = parseObject(body).get("action");
    if (!"restart".equals(requested) && !"reload".equals(requested)) {
      throw new Rejection(400, "invalid action: use restart or reload");
    }
    String action = (String) requested;
    String unit = Names.unitName(route.service());
    try {
      services.signal(unit, action);
    } catch (IOException e) {
      throw new Rejection(500, "handler failed: " + e.getMessage());
    }
    StringBuilder sb = new StringBuilder("{\"unit\":");
    Json.quote(sb, unit).append(",\"action\":");
    Json.quote(sb, action).append(",\"result\":\"ok\"}");
    return Response.json(sb.toString());
  }

  private Response journal(
      Route route,
      Map<String, String> query,
      Responder responder,
      HttpExchange ex,
      AuditLog.Entry entry)
      throws Rejection, IOException {
    String unit = Names.unitName(route.service());
    int lines = 100;
    if (query.containsKey("lines")) {
      try {
        lines = Integer.parseInt(query.get("lines"));
      } catch (NumberFormatException e) {
        lines = -1;
      }
      if (lines < 1 || lines > config.limits().maxJournalLines()) {
        throw new Rejection(400, "invalid lines: 1.." + config.limits().maxJournalLines());
      }
    }
    ServiceManager.JournalQuery q =
        new ServiceManager.JournalQuery(
            unit,
            null,
            lines,
            JournalFollowers.filter(query, "since"),
            null,
            JournalFollowers.filter(query, "grep"));
    boolean follow = "true".equals(query.get("follow")) || "1".equals(query.get("follow"));
    if (follow) {
      followers.follow(q, responder, ex, entry);
      return null;
    }
    List<String> out;
    try {
      out = services.journal(q);
    } catch (IOException e) {
      throw new Rejection(500, "handler failed: " + e.getMessage());
    }
    // the newest lines within the character cap
    int budget = config.limits().maxJournalChars();
    int from = out.size();
    while (from > 0 && out.get(from - 1).length() < budget) {
      budget -= out.get(--from).length() + 1;
    }
    StringBuilder sb = new StringBuilder("{\"unit\":");
    Json.quote(sb, unit).append(",\"lines\":");
    list(sb, out.subList(from, out.size()));
    return Response.json(sb.append(",\"truncated\":").append(from > 0).append('}').toString());
  }

  private Response readFile(Map<String, String> query, AuditLog.Entry entry)
      throws Rejection, IOException {
    String path = query.get("path");
    entry.subject =
        path == null ? null : (path.length() > 256 ? path.substring(0, 256) + "…" : path);
    byte[] data = files.read(path);
    return new Response(200, "application/octet-stream", data);
  }

  private static Map<String, Object> parseObject(byte[] body) throws Rejection {
    Object document;
    try {
      document = Json.parse(body);
    } catch (IOException e) {
      throw new Rejection(400, "invalid request body: not JSON");
    }
    Map<String, Object> object = Json.object(document);
    if (object == null) {
      throw new Rejection(400, "invalid request body: expected a JSON object");
    }
    return object;
  }

  /** Query parameters, strictly decoded; a repeated name is refused rather than guessed at. */
  static Map<String, String> query(String rawQuery) throws Rejection {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = Route.percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
      String v = eq < 0 ? "" : Route.percentDecode(pair.substring(eq + 1), true);
      if (out.put(k, v) != null) {
        throw new Rejection(400, "invalid query: repeated parameter " + k);
      }
    }
    return out;
  }

  private static StringBuilder list(StringBuilder sb, Iterable<String> items) {
    sb.append('[');
    boolean first = true;
    for (String s : items) {
      if (!first) {
        sb.append(',');
      }
      Json.quote(sb, s);
      first = false;
    }
    return sb.append(']');
  }
}
