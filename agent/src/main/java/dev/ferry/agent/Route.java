package dev.ferry.agent;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The request target matched against the endpoint table (pipeline step 1). Path segments are
 * percent-decoded one by one and must be plain names, so {@code ..}, {@code %2e%2e} or an encoded
 * {@code /} never reach a file path or a systemd argument.
 */
record Route(Kind kind, Capability capability, String type, String service) {

  enum Kind {
    MANIFEST,
    STATUS,
    FORT_MANIFEST,
    FORT_STATUS,
    FORT_JOURNAL,
    FORT_SYSTEMD,
    FORT_READ_FILE,
    /** fort-nix's {@code needs}, {@code refresh}, {@code force-nag}: not part of Ferry's model. */
    FORT_PULL_MODEL,
    FORT_UNKNOWN,
    CREDENTIALS_WRITE,
    CREDENTIALS_DELETE,
    SIGNAL,
    JOURNAL,
    FILE
  }

  /** fort-nix's systemd actions that change something; the others only read. */
  private static final java.util.Set<String> SYSTEMD_CHANGES =
      java.util.Set.of("restart", "start", "stop");

  /**
   * The capability this request needs: the route's, or for fort-nix's {@code systemd} {@code
   * service:signal} for restart/start/stop and {@code status:query} for failed/status/list.
   *
   * @param systemdAction the body's action ({@code restart} when absent); null for other routes
   */
  Capability capabilityFor(String systemdAction) {
    if (kind == Kind.FORT_SYSTEMD) {
      return SYSTEMD_CHANGES.contains(systemdAction)
          ? Capability.SERVICE_SIGNAL
          : Capability.STATUS_QUERY;
    }
    return capability;
  }

  /**
   * Whether the request changes state on the host, and so may be accepted only once (replay); reads
   * may repeat within the window.
   */
  boolean changesState(String systemdAction) {
    return switch (kind) {
      case CREDENTIALS_WRITE, CREDENTIALS_DELETE, SIGNAL -> true;
      case FORT_SYSTEMD -> SYSTEMD_CHANGES.contains(systemdAction);
      default -> false;
    };
  }

  static Route match(String method, String rawPath) throws Rejection {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new Rejection(404, "invalid path");
    }
    List<String> seg = segments(rawPath);
    String first = seg.isEmpty() ? "" : seg.get(0);
    return switch (first) {
      case "manifest" ->
          exact(
              seg,
              1,
              method,
              "GET",
              new Route(Kind.MANIFEST, Capability.MANIFEST_READ, null, null));
      case "status" ->
          exact(seg, 1, method, "GET", new Route(Kind.STATUS, Capability.STATUS_QUERY, null, null));
      case "file" ->
          exact(seg, 1, method, "GET", new Route(Kind.FILE, Capability.FILE_READ, null, null));
      case "signal" ->
          exact(
              seg,
              2,
              method,
              "POST",
              new Route(Kind.SIGNAL, Capability.SERVICE_SIGNAL, null, name(seg, 1)));
      case "journal" ->
          exact(
              seg,
              2,
              method,
              "GET",
              new Route(Kind.JOURNAL, Capability.JOURNAL_READ, null, name(seg, 1)));
      case "credentials" -> {
        if (seg.size() != 3) {
          throw new Rejection(404, "invalid path");
        }
        String type = name(seg, 1);
        String service = name(seg, 2);
        yield switch (method) {
          case "POST" ->
              new Route(Kind.CREDENTIALS_WRITE, Capability.CREDENTIALS_WRITE, type, service);
          case "DELETE" ->
              new Route(Kind.CREDENTIALS_DELETE, Capability.CREDENTIALS_WRITE, type, service);
          default -> throw new Rejection(405, "method not allowed");
        };
      }
      case "fort" -> {
        // fort-nix's client: POST /fort/<capability>; unknown capabilities are answered only after
        // auth
        if (seg.size() < 2 || seg.get(1).isEmpty()) {
          throw new Rejection(404, "invalid capability");
        }
        String name = seg.size() == 2 ? seg.get(1) : "";
        Route r =
            switch (name) {
              case "manifest" ->
                  new Route(Kind.FORT_MANIFEST, Capability.MANIFEST_READ, null, null);
              case "status" -> new Route(Kind.FORT_STATUS, Capability.STATUS_QUERY, null, null);
              case "journal" -> new Route(Kind.FORT_JOURNAL, Capability.JOURNAL_READ, null, null);
              case "read-file" -> new Route(Kind.FORT_READ_FILE, Capability.FILE_READ, null, null);
              // the capability depends on the action in the body: see capabilityFor
              case "systemd" -> new Route(Kind.FORT_SYSTEMD, null, null, null);
              case "needs", "refresh", "force-nag" ->
                  new Route(Kind.FORT_PULL_MODEL, null, null, name);
              default -> new Route(Kind.FORT_UNKNOWN, null, null, null);
            };
        if (!"POST".equals(method)) {
          throw new Rejection(405, "method not allowed");
        }
        yield r;
      }
      default -> throw new Rejection(404, "invalid path");
    };
  }

  private static Route exact(
      List<String> seg, int size, String method, String expectedMethod, Route route)
      throws Rejection {
    if (seg.size() != size) {
      throw new Rejection(404, "invalid path");
    }
    if (!expectedMethod.equals(method)) {
      throw new Rejection(405, "method not allowed");
    }
    return route;
  }

  private static String name(List<String> seg, int i) throws Rejection {
    String s = seg.get(i);
    if (!Names.isServiceName(s)) {
      throw new Rejection(404, "invalid path");
    }
    return s;
  }

  private static List<String> segments(String rawPath) throws Rejection {
    String p = rawPath.substring(1);
    String[] parts = p.split("/", -1);
    String[] decoded = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      decoded[i] = percentDecode(parts[i], false);
    }
    return List.of(decoded);
  }

  /**
   * Strict RFC 3986 percent-decoding as UTF-8; malformed escapes are a 404 (path) or 400 (query).
   */
  static String percentDecode(String s, boolean plusIsSpace) throws Rejection {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new Rejection(
              plusIsSpace ? 400 : 404, plusIsSpace ? "invalid query" : "invalid path");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new Rejection(
              plusIsSpace ? 400 : 404, plusIsSpace ? "invalid query" : "invalid path");
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    String decoded = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    if (decoded.indexOf('\0') >= 0 || decoded.indexOf('\uFFFD') >= 0) {
      throw new Rejection(plusIsSpace ? 400 : 404, plusIsSpace ? "invalid query" : "invalid path");
    }
    return decoded;
  }
}
