package dev.ferry.sandbox;

import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import dev.ferry.sandbox.forward.ForwardSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Forward and Foreman sandboxes and keeps running.
 *
 * <pre>
 * java -jar ferry-sandbox-0.1.0-SNAPSHOT-all.jar --forward-port 18080 --foreman-port 18081
 *      [--forward-user U:S]... [--foreman-user login:token]... [--foreman-hosts N] [--latency-ms N]
 *      [--forward-latency-ms N] [--foreman-latency-ms N] [--forward-rate-limit N] [--bind 127.0.0.1]
 * </pre>
 *
 * Prints one line per sandbox: {@code forward-sandbox http://127.0.0.1:18080}.
 */
public final class SandboxMain {
  private SandboxMain() {}

  /** Parsed command line. */
  record Options(
      int forwardPort,
      int foremanPort,
      List<String[]> forwardUsers,
      List<String[]> foremanUsers,
      int foremanHosts,
      long forwardLatencyMs,
      long foremanLatencyMs,
      int forwardRateLimit,
      String bind) {}

  static Options parse(String[] args) {
    int forwardPort = 18080;
    int foremanPort = 18081;
    List<String[]> fwdUsers = new ArrayList<>();
    List<String[]> fmUsers = new ArrayList<>();
    int hosts = 1000;
    long fwdLatency = 0;
    long fmLatency = 0;
    int rateLimit = 0;
    String bind = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException("usage");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--forward-port" -> forwardPort = Integer.parseInt(v);
        case "--foreman-port" -> foremanPort = Integer.parseInt(v);
        case "--forward-user" -> fwdUsers.add(pair(a, v));
        case "--foreman-user" -> fmUsers.add(pair(a, v));
        case "--foreman-hosts" -> hosts = Integer.parseInt(v);
        case "--latency-ms" -> {
          fwdLatency = Long.parseLong(v);
          fmLatency = fwdLatency;
        }
        case "--forward-latency-ms" -> fwdLatency = Long.parseLong(v);
        case "--foreman-latency-ms" -> fmLatency = Long.parseLong(v);
        case "--forward-rate-limit" -> rateLimit = Integer.parseInt(v);
        case "--bind" -> bind = v;
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (fwdUsers.isEmpty()) {
      fwdUsers.add(new String[] {"demo-key", "demo-secret"});
    }
    if (fmUsers.isEmpty()) {
      fmUsers.add(new String[] {"admin", "demo-token"});
    }
    return new Options(
        forwardPort, foremanPort, fwdUsers, fmUsers, hosts, fwdLatency, fmLatency, rateLimit, bind);
  }

  private static String[] pair(String opt, String v) {
    int c = v.indexOf(':');
    if (c <= 0) {
      throw new IllegalArgumentException(opt + " expects user:secret, got " + v);
    }
    return new String[] {v.substring(0, c), v.substring(c + 1)};
  }

  public static void main(String[] args) throws InterruptedException {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(
          (e.getMessage().equals("usage") ? "" : e.getMessage() + "\n")
              + "usage: --forward-port N --foreman-port N [--forward-user U:S] [--foreman-user login:token]"
              + " [--foreman-hosts N] [--latency-ms N] [--forward-latency-ms N] [--foreman-latency-ms N]"
              + " [--forward-rate-limit N] [--bind ADDR]");
      System.exit(2);
      return;
    }
    ForwardSandbox forward = new ForwardSandbox().latency(Duration.ofMillis(o.forwardLatencyMs()));
    o.forwardUsers().forEach(u -> forward.user(u[0], u[1]));
    if (o.forwardRateLimit() > 0) {
      forward.rateLimit(o.forwardRateLimit(), Duration.ofMinutes(1));
    }
    ForemanSandbox foreman =
        new ForemanSandbox(o.foremanHosts()).latency(Duration.ofMillis(o.foremanLatencyMs()));
    o.foremanUsers().forEach(u -> foreman.user(ForemanUser.admin(u[0], u[1])));
    forward.start(o.bind(), o.forwardPort());
    foreman.start(o.bind(), o.foremanPort());
    System.out.println("forward-sandbox " + forward.baseUrl());
    System.out.println("foreman-sandbox " + foreman.baseUrl());
    System.out.flush();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  forward.stop();
                  foreman.stop();
                  done.countDown();
                }));
    done.await();
  }
}
