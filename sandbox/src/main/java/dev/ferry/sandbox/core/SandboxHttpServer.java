package dev.ferry.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Common HTTP plumbing for a sandbox: JDK HttpServer on virtual threads, admin routes under {@code
 * /__sandbox/}, per-request latency, armed faults, and request counts per route.
 *
 * <p>Admin routes (no auth, not subject to latency or faults):
 *
 * <ul>
 *   <li>{@code GET /__sandbox/state} – product state summary + request counts per route
 *   <li>{@code GET /__sandbox/faults} – current switches
 *   <li>{@code POST /__sandbox/faults} – apply switches (see {@link Faults#apply})
 *   <li>{@code DELETE /__sandbox/faults} – clear all switches
 *   <li>{@code POST /__sandbox/reset} – clear product data and request counts (keeps switches)
 * </ul>
 */
public abstract class SandboxHttpServer implements AutoCloseable {
  public static final String ADMIN_PREFIX = "/__sandbox/";

  private final String name;
  protected final Faults faults = new Faults();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private final Router router = new Router();
  private HttpServer server;
  private ExecutorService executor;
  private String host = "127.0.0.1";

  protected SandboxHttpServer(String name) {
    this.name = name;
  }

  /** Registers the product routes. Called once, on first start. */
  protected abstract void routes(Router router);

  /** Authentication / rate limiting; return a response to short-circuit, or null to continue. */
  protected abstract Response authorize(Request request, Router.Match match);

  /** Response for a path no route serves. */
  protected abstract Response unknownRoute(Request request);

  /** Response for an {@link ApiError} in the product's error shape. */
  protected abstract Response error(Request request, ApiError error);

  /** Product state summary for {@code GET /__sandbox/state}. */
  protected abstract ObjectNode stateJson();

  /** Clears product data (admin {@code POST /__sandbox/reset}). */
  protected abstract void resetData();

  /** Product-specific admin routes under {@code /__sandbox/}; null when not handled. */
  protected Response extraAdmin(Request request) {
    return null;
  }

  /** Rewrites a path before routing (e.g. Foreman's optional {@code /v2}). */
  protected String normalizePath(String path) {
    return path;
  }

  /** Extra headers on every product response (e.g. Foreman_version). */
  protected void decorate(Request request, Response response) {}

  public String name() {
    return name;
  }

  public Faults faults() {
    return faults;
  }

  /** Starts on 127.0.0.1:{@code port} (0 = ephemeral). */
  public SandboxHttpServer start(int port) {
    return start("127.0.0.1", port);
  }

  public synchronized SandboxHttpServer start(String bindHost, int port) {
    if (server != null) {
      throw new IllegalStateException(name + " already started");
    }
    try {
      if (!routesRegistered) {
        routes(router);
        routesRegistered = true;
      }
      this.host = bindHost;
      executor = Executors.newVirtualThreadPerTaskExecutor();
      server = HttpServer.create(new InetSocketAddress(bindHost, port), 256);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + " on " + bindHost + ":" + port, e);
    }
  }

  private boolean routesRegistered;

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException(name + " not started");
    }
    return server.getAddress().getPort();
  }

  /** e.g. {@code http://127.0.0.1:18080} (no trailing slash, no /api). */
  public String baseUrl() {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + h + ":" + port();
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Requests seen per route key ({@code "POST /api/networks"}), sorted. */
  public Map<String, Long> requestCounts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long requestCount(String routeKey) {
    LongAdder a = counts.get(routeKey);
    return a == null ? 0 : a.sum();
  }

  public long totalRequests() {
    return total.sum();
  }

  /** Current state as served by {@code GET /__sandbox/state}. */
  public ObjectNode state() {
    ObjectNode o = stateJson();
    o.put("sandbox", name);
    o.put("totalRequests", total.sum());
    ObjectNode c = o.putObject("requests");
    requestCounts().forEach(c::put);
    o.set("switches", faults.toJson());
    return o;
  }

  /** Clears product data and request counts. */
  public void reset() {
    resetData();
    counts.clear();
    total.reset();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String path = ex.getRequestURI().getPath();
      Request req =
          new Request(
              ex.getRequestMethod().toUpperCase(),
              path,
              ex.getRequestURI().getRawQuery(),
              ex.getRequestHeaders(),
              body,
              ex.getRemoteAddress());
      if (path.startsWith(ADMIN_PREFIX)) {
        send(ex, req, admin(req), false);
        return;
      }
      Response resp = serve(req);
      if (resp == null) {
        // connection reset: HttpExchange.close() before sendResponseHeaders drops the connection
        return;
      }
      send(ex, req, resp, true);
    } catch (RuntimeException e) {
      // last resort; headers may already be sent
    }
  }

  /** Runs one product request; null means "reset the connection". */
  private Response serve(Request req) {
    String path = normalizePath(req.path());
    Router.Match match = router.match(req.method(), path);
    String key = req.method() + " " + (match == null ? "<unknown>" : match.route().template());
    String action = req.query("action");
    if (match != null && action != null) {
      key += "?action=" + action;
    }
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    total.increment();
    try {
      sleep(faults.latencyMs());
      FaultRule fault = faults.take(req.method(), req.path());
      if (fault != null) {
        switch (fault.kind()) {
          case RESET:
            return null;
          case SLOW:
            sleep(fault.delayMs());
            break;
          default:
            ApiError err = new ApiError(fault.status(), faultMessage(fault.status()));
            if (fault.retryAfterSeconds() > 0) {
              err.header("Retry-After", String.valueOf(fault.retryAfterSeconds()));
            }
            return withHeaders(error(req, err), err);
        }
      }
      if (match != null) {
        req.pathParams(match.params());
      }
      Response auth = authorize(req, match);
      if (auth != null) {
        return auth;
      }
      if (match == null) {
        return unknownRoute(req);
      }
      return match.route().handler().handle(req);
    } catch (ApiError e) {
      return withHeaders(error(req, e), e);
    } catch (RuntimeException e) {
      return error(req, new ApiError(500, "Internal error: " + e));
    }
  }

  protected String faultMessage(int status) {
    return switch (status) {
      case 429 -> "Too many requests (injected fault)";
      case 500 -> "Internal server error (injected fault)";
      case 502 -> "Bad gateway (injected fault)";
      case 503 -> "Service unavailable (injected fault)";
      default -> "Injected fault " + status;
    };
  }

  private static Response withHeaders(Response r, ApiError e) {
    e.headers().forEach(r::header);
    return r;
  }

  private Response admin(Request req) {
    String p = req.path();
    try {
      if (p.equals(ADMIN_PREFIX + "state") && req.method().equals("GET")) {
        return Response.ok(state());
      }
      if (p.equals(ADMIN_PREFIX + "faults")) {
        switch (req.method()) {
          case "GET":
            return Response.ok(faults.toJson());
          case "POST":
            faults.apply(req.json());
            return Response.ok(faults.toJson());
          case "DELETE":
            faults.reset();
            return Response.ok(faults.toJson());
          default:
            break;
        }
      }
      if (p.equals(ADMIN_PREFIX + "reset") && req.method().equals("POST")) {
        reset();
        return Response.ok(state());
      }
      Response extra = extraAdmin(req);
      if (extra != null) {
        return extra;
      }
      ObjectNode o = Json.object();
      o.put("message", "No sandbox admin route " + req.method() + " " + p);
      return Response.json(404, o);
    } catch (ApiError e) {
      ObjectNode o = Json.object();
      o.put("message", e.getMessage());
      return Response.json(e.status(), o);
    } catch (RuntimeException e) {
      ObjectNode o = Json.object();
      o.put("message", String.valueOf(e.getMessage()));
      return Response.json(400, o);
    }
  }

  private void send(HttpExchange ex, Request req, Response resp, boolean decorate)
      throws IOException {
    if (decorate) {
      decorate(req, resp);
    }
    resp.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    JsonNode body = resp.body();
    if (body == null || req.method().equals("HEAD")) {
      ex.sendResponseHeaders(resp.status(), -1);
      return;
    }
    byte[] bytes = Json.bytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(resp.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
