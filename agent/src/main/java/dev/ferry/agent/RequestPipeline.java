package dev.ferry.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ferry.agent.protocol.Digests;
import dev.ferry.agent.protocol.FortProtocol;
import dev.ferry.agent.protocol.SshPublicKey;
import dev.ferry.agent.protocol.SshSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every request goes through one sequence of checks, in the order of the status table in
 * docs/agent/README.md; the first failing check answers with its status and {@code {"error": ...}},
 * and nothing is written before the handler runs. Each request gets one audit line.
 */
final class RequestPipeline implements HttpHandler {
  private static final byte[] EMPTY = new byte[0];
  private static final int MAX_SIGNATURE_HEADER_CHARS = 4096;

  private final AgentConfig config;
  private final ClusterPolicy policy;
  private final HostManifest manifest;
  private final ReplayCache replayCache;
  private final AuditLog audit;
  private final Endpoints endpoints;
  private final ScheduledExecutorService scheduler;
  private final long startEpochSeconds;

  RequestPipeline(
      AgentConfig config,
      ClusterPolicy policy,
      HostManifest manifest,
      ReplayCache replayCache,
      AuditLog audit,
      Endpoints endpoints,
      ScheduledExecutorService scheduler,
      long startEpochSeconds) {
    this.config = config;
    this.policy = policy;
    this.manifest = manifest;
    this.replayCache = replayCache;
    this.audit = audit;
    this.endpoints = endpoints;
    this.scheduler = scheduler;
    this.startEpochSeconds = startEpochSeconds;
  }

  @Override
  public void handle(HttpExchange exchange) {
    AuditLog.Entry entry = new AuditLog.Entry();
    Responder responder = new Responder(exchange);
    Endpoints.Response response;
    boolean closeConnection = false;
    try {
      response = process(exchange, entry, responder);
      entry.decision = "allow";
    } catch (Rejection r) {
      entry.decision = "deny";
      entry.error = r.error();
      // the body may be unread: close rather than drain it
      closeConnection = r.status() == 408 || r.status() == 413 || r.status() == 400;
      response =
          new Endpoints.Response(
              r.status(),
              "application/json",
              Json.error(r.error()).getBytes(StandardCharsets.UTF_8));
    } catch (OutOfMemoryError e) {
      // the heap is small on purpose (docs/agent/ferry-agent.service): several large bodies at once
      // can exhaust it; this request's memory is garbage again once we are here
      entry.decision = "error";
      entry.error = "out of memory";
      closeConnection = true;
      response =
          new Endpoints.Response(
              503,
              "application/json",
              Json.error("agent busy: out of memory, retry later")
                  .getBytes(StandardCharsets.UTF_8));
    } catch (Exception | StackOverflowError e) {
      entry.decision = "error";
      entry.error = "internal error";
      Log.event("error", "internal error", entry.method + " " + entry.target + ": " + e);
      closeConnection = true;
      response =
          new Endpoints.Response(
              500,
              "application/json",
              Json.error("internal error").getBytes(StandardCharsets.UTF_8));
    }
    // audit first, so the line exists by the time the caller sees the answer
    if (response == null || responder.timedOut()) {
      entry.status = responder.status(); // streamed, or the body-read watchdog already answered
    } else {
      entry.status = response.status();
    }
    audit.write(entry);
    if (response != null) {
      responder.send(response.status(), response.contentType(), response.body(), closeConnection);
    }
  }

  private Endpoints.Response process(HttpExchange ex, AuditLog.Entry entry, Responder responder)
      throws Exception {
    String method = ex.getRequestMethod();
    String rawPath = ex.getRequestURI().getRawPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    // the signed PATH is the full request target, query string included
    String target = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    entry.method = method;
    entry.target = target;
    entry.remote =
        ex.getRemoteAddress() == null ? null : ex.getRemoteAddress().getAddress().getHostAddress();

    // 1. path → route (404 invalid path / invalid capability, 405)
    Route route = Route.match(method, rawPath);

    // 2. declared body size (413) before anything is read
    long declaredLength = declaredLength(ex);

    // 3. auth headers present (401)
    String origin = singleHeader(ex, FortProtocol.HEADER_ORIGIN);
    String timestamp = singleHeader(ex, FortProtocol.HEADER_TIMESTAMP);
    String signature = singleHeader(ex, FortProtocol.HEADER_SIGNATURE);
    entry.origin = origin == null ? null : truncate(origin, 64);
    entry.timestamp = timestamp == null ? null : truncate(timestamp, 24);
    if (origin == null || timestamp == null || signature == null) {
      throw new Rejection(401, "missing auth headers");
    }

    // 4. timestamp is decimal Unix seconds, exactly as signed (401)
    if (!isDecimalSeconds(timestamp)) {
      throw new Rejection(401, "invalid timestamp");
    }
    long ts = Long.parseLong(timestamp);

    // 5. skew, in whole seconds: |now - ts| <= maxSkew (401)
    long now = System.currentTimeMillis() / 1000;
    if (Math.abs(now - ts) > config.maxSkewSeconds()) {
      throw new Rejection(401, "timestamp drift too large");
    }
    // the replay cache is in memory: a request signed before this process started may have been
    // accepted by the previous process, so such timestamps are refused (for at most one window)
    if (config.rejectPreStartTimestamps() && ts < startEpochSeconds) {
      throw new Rejection(401, "timestamp predates agent start");
    }

    // 6. origin known, with at least one SSH key (401)
    ClusterPolicy.Principal principal =
        policy
            .principal(origin)
            .filter(p -> !p.keys().isEmpty())
            .orElseThrow(() -> new Rejection(401, "unknown origin"));

    // 7. body, bounded in size (413) and time (408); unreadable → 400
    byte[] body = readBody(ex, declaredLength, responder);
    entry.bodySha256 = Digests.sha256Hex(body);

    // 8. SSHSIG over METHOD\nTARGET\nTIMESTAMP\nsha256hex(body), namespace fort-agent (401)
    byte[] blob = decodeSignature(signature);
    byte[] canonical = FortProtocol.canonicalBytes(method, target, timestamp, body);
    SshPublicKey key = verify(principal, blob, canonical);
    entry.authenticated = true;
    entry.keyFingerprint = key.fingerprint();

    // 9. replay: a request that changes state is accepted once while its timestamp is within the
    // window (401; 503 when full); reads may repeat (docs/agent/README.md "Replay"). Keyed on
    // origin + signed message, not on the blob: the blob's "reserved" field is not covered by the
    // signature (OpenSSH ignores it too), so a blob hash could be changed at will by anyone
    // replaying the request.
    String systemdAction =
        route.kind() == Route.Kind.FORT_SYSTEMD ? FortEndpoints.systemdAction(body) : null;
    if (route.changesState(systemdAction)) {
      switch (replayCache.record(
          replayKey(origin, canonical), ts + config.maxSkewSeconds() + 1, now)) {
        case REPLAYED -> throw new Rejection(401, "replayed request");
        case FULL -> throw new Rejection(503, "replay cache full, retry later");
        case FRESH -> {}
      }
    }

    // 10. capability exists (404; 501 for fort-nix's pull model; only after authentication, so
    // no anonymous probing)
    if (route.kind() == Route.Kind.FORT_UNKNOWN) {
      throw new Rejection(404, "capability not found");
    }
    if (route.kind() == Route.Kind.FORT_PULL_MODEL) {
      throw new Rejection(501, FortEndpoints.pullModelError(route.service()));
    }
    Capability capability = route.capabilityFor(systemdAction);
    entry.capability = capability.id();
    entry.subject =
        route.service() == null
            ? null
            : (route.type() == null ? route.service() : route.type() + "/" + route.service());

    // 11. RBAC: principal → roles → capabilities, deny by default (403)
    if (!principal.may(capability)) {
      throw new Rejection(403, "not authorized for this capability");
    }

    // 12. host manifest: only services this host runs (404)
    checkManifest(route);

    // 13. handler (400 bad request body, 4xx for its own checks, 500 handler failure)
    return endpoints.handle(route, principal, ex, rawQuery, body, responder, entry);
  }

  private void checkManifest(Route route) throws Rejection {
    switch (route.kind()) {
      case CREDENTIALS_WRITE, CREDENTIALS_DELETE -> {
        AgentConfig.CredentialType type = config.credentialTypes().get(route.type());
        if (type == null) {
          throw new Rejection(404, "unknown credential type");
        }
        // DELETE is exempt: providers revoke credentials of services the manifest no longer lists
        if (route.kind() == Route.Kind.CREDENTIALS_WRITE
            && type.manifestService()
            && !manifest.runsService(route.service())) {
          throw new Rejection(404, "service not on this host");
        }
      }
      case SIGNAL, JOURNAL -> {
        if (!manifest.knowsUnit(Names.unitName(route.service()))) {
          throw new Rejection(404, "service not on this host");
        }
      }
      default -> {}
    }
  }

  private long declaredLength(HttpExchange ex) throws Rejection {
    String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
    String cl = ex.getRequestHeaders().getFirst("Content-Length");
    if (te != null) {
      return -1; // chunked: size enforced while reading
    }
    if (cl == null) {
      return 0;
    }
    long declared;
    try {
      declared = Long.parseLong(cl.trim());
    } catch (NumberFormatException e) {
      throw new Rejection(400, "failed to read body");
    }
    if (declared > config.limits().maxBodyBytes()) {
      throw new Rejection(413, "request body too large");
    }
    return declared;
  }

  private byte[] readBody(HttpExchange ex, long declared, Responder responder) throws Rejection {
    if (declared == 0) {
      return EMPTY;
    }
    int max = config.limits().maxBodyBytes();
    ScheduledFuture<?> watchdog =
        scheduler.schedule(
            responder::timeout, config.limits().bodyReadTimeoutMillis(), TimeUnit.MILLISECONDS);
    byte[] data;
    try {
      InputStream in = ex.getRequestBody(); // not closed here: closing would drain the rest
      data = in.readNBytes(max + 1);
    } catch (IOException e) {
      throw responder.timedOut()
          ? new Rejection(408, "request body timeout")
          : new Rejection(400, "failed to read body");
    } finally {
      watchdog.cancel(false);
    }
    if (responder.timedOut()) {
      throw new Rejection(408, "request body timeout");
    }
    if (data.length > max) {
      throw new Rejection(413, "request body too large");
    }
    return data;
  }

  private static byte[] decodeSignature(String header) throws Rejection {
    if (header.length() > MAX_SIGNATURE_HEADER_CHARS) {
      throw new Rejection(401, "signature verification failed: signature too long");
    }
    try {
      return Base64.getDecoder().decode(header); // strict: no armor, no whitespace
    } catch (IllegalArgumentException e) {
      throw new Rejection(401, "signature verification failed: invalid base64");
    }
  }

  /** Tries the principal's keys (usually one); returns the one that verified. */
  private static SshPublicKey verify(
      ClusterPolicy.Principal principal, byte[] blob, byte[] canonical) throws Rejection {
    String reason = "no matching key";
    List<SshPublicKey> keys = principal.keys();
    for (SshPublicKey key : keys) {
      try {
        SshSignature.verify(blob, key, FortProtocol.NAMESPACE, canonical);
        return key;
      } catch (SshSignature.VerificationException e) {
        if (keys.size() == 1 || !e.getMessage().startsWith("signing key does not match")) {
          reason = e.getMessage();
        }
      }
    }
    throw new Rejection(401, "signature verification failed: " + reason);
  }

  private static String singleHeader(HttpExchange ex, String name) throws Rejection {
    List<String> values = ex.getRequestHeaders().get(name);
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    if (values.size() > 1) {
      throw new Rejection(401, "duplicate auth headers");
    }
    return values.get(0).trim();
  }

  private static byte[] replayKey(String origin, byte[] canonical) {
    byte[] o = origin.getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[o.length + 1 + canonical.length];
    System.arraycopy(o, 0, data, 0, o.length);
    data[o.length] = '\n';
    System.arraycopy(canonical, 0, data, o.length + 1, canonical.length);
    return Digests.sha256(data);
  }

  private static boolean isDecimalSeconds(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
