package dev.ferry.sandbox.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Minimal method + path-template router ({@code /api/networks/{networkId}}). */
public final class Router {
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request);
  }

  /** Runs {@code handler} while holding {@code lock}: one request at a time changes the state. */
  public static Handler lockedBy(Object lock, Handler handler) {
    return req -> {
      synchronized (lock) {
        return handler.handle(req);
      }
    };
  }

  public record Route(String method, String template, String[] segments, Handler handler) {}

  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, split(template), handler));
    return this;
  }

  /**
   * Serves every other method on {@code template} with {@code handler}, for products that answer
   * 405 instead of 404. Register it after the template's real routes.
   */
  public Router otherMethods(String template, Handler handler) {
    for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
      boolean taken =
          routes.stream().anyMatch(r -> r.method.equals(method) && r.template.equals(template));
      if (!taken) {
        add(method, template, handler);
      }
    }
    return this;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  /**
   * The matching route, or {@code null}. Literal segments win over parameters by registration
   * order.
   */
  public Match match(String method, String path) {
    String[] parts = split(path);
    for (Route r : routes) {
      if (!r.method.equals(method) || r.segments.length != parts.length) {
        continue;
      }
      Map<String, String> params = matchSegments(r.segments, parts);
      if (params != null) {
        return new Match(r, params);
      }
    }
    return null;
  }

  private static Map<String, String> matchSegments(String[] tpl, String[] parts) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < tpl.length; i++) {
      String t = tpl[i];
      String p = parts[i];
      int open = t.indexOf('{');
      if (open < 0) {
        if (!t.equals(p)) {
          return null;
        }
        continue;
      }
      // template segment like "{id}" or "CLI-{n}"
      String prefix = t.substring(0, open);
      String name = t.substring(open + 1, t.indexOf('}'));
      if (!p.startsWith(prefix) || p.length() == prefix.length()) {
        return null;
      }
      params.put(name, p.substring(prefix.length()));
    }
    return params;
  }
}
