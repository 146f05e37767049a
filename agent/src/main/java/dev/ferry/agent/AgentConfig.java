package dev.ferry.agent;

import com.fasterxml.jackson.core.TreeNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's one JSON config file. Relative paths are resolved against the file's directory. Every
 * field is validated here so a bad file stops the agent at start-up with a clear message.
 */
public record AgentConfig(
    String host,
    String listenAddress,
    int port,
    /** null only when {@code insecureHttp} is set. */
    Tls tls,
    boolean insecureHttp,
    Path clusterFile,
    Path manifestFile,
    Path stateDir,
    /** "stderr" or a file path. */
    String auditLog,
    Map<String, CredentialType> credentialTypes,
    String credentialOwner,
    List<Path> fileReadRoots,
    List<String> extraUnits,
    String serviceManager,
    Limits limits,
    long maxSkewSeconds,
    boolean rejectPreStartTimestamps) {

  /**
   * A credential type: where its files go, whether {service} must be a manifest service, the owner
   * ({@code user[:group]}, applied only when running as root) and the file mode (0600 unless set to
   * 0640, e.g. for a TLS key read by nginx's group). {@code check} is a command run after every
   * change of this type's files (e.g. {@code ["nginx", "-t"]} for the beacon's proxy entries); when
   * it fails, the change is undone and refused, so a reload never meets a broken config.
   */
  public record CredentialType(
      Path root, boolean manifestService, String owner, String mode, List<String> check) {}

  /** PEM files: the certificate chain (leaf first) and its private key; re-read when changed. */
  public record Tls(Path certFile, Path keyFile) {}

  public record Limits(
      int maxBodyBytes,
      long maxFileBytes,
      int bodyReadTimeoutMillis,
      int workerThreads,
      int maxJournalLines,
      int maxJournalChars,
      int maxFollowSeconds,
      int maxFollowers,
      int maxReplayEntries,
      int maxCredentialFiles) {

    public static Limits defaults() {
      // sized for the unit's 10 MB heap (docs/agent/ferry-agent.service): a body is held about five
      // times over while it is parsed, and every worker may hold one; a replay entry takes 16-32
      // bytes
      return new Limits(
          256 << 10,
          256 << 10,
          10_000,
          Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
          1000,
          100_000,
          300,
          2,
          100_000,
          16);
    }
  }

  public static AgentConfig load(Path file) {
    Object document;
    try {
      document = Json.parse(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config " + file + ": " + e.getMessage());
    }
    return from(document, file.toAbsolutePath().getParent());
  }

  /** The config from a Jackson tree (tests build configs as trees). */
  public static AgentConfig fromJson(TreeNode json, Path baseDir) {
    return from(Json.parse(json), baseDir);
  }

  private static AgentConfig from(Object document, Path baseDir) {
    ConfigReader root = ConfigReader.root(document, "config");
    String host = root.text("host");
    ConfigReader listen = root.object("listen");
    String address = listen.text("address", "127.0.0.1");
    int port = (int) listen.integer("port", 7443, 0, 65535);
    listen.done();
    Tls tls = null;
    if (root.has("tls")) {
      ConfigReader t = root.object("tls");
      tls = new Tls(path(baseDir, t.text("certFile")), path(baseDir, t.text("keyFile")));
      t.done();
    }
    boolean insecure = root.bool("insecureHttp", false);
    transport(tls, insecure, root.bool("insecureHttpForce", false), address);
    Path cluster = path(baseDir, root.text("clusterFile"));
    Path manifest = path(baseDir, root.text("manifestFile"));
    Path state = path(baseDir, root.text("stateDir"));
    String audit = root.text("auditLog", "stderr");
    if (!"stderr".equals(audit)) {
      audit = path(baseDir, audit).toString();
    }
    String owner = root.text("credentialOwner", null);

    Map<String, CredentialType> types = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigReader> e : root.entries("credentialTypes").entrySet()) {
      String name = e.getKey();
      ConfigReader t = e.getValue();
      if (!Names.isServiceName(name)) {
        throw new ConfigException("invalid credential type name: " + name);
      }
      types.put(
          name,
          new CredentialType(
              path(baseDir, t.text("root")),
              t.bool("manifestService", true),
              t.text("owner", owner),
              mode(t.text("mode", "0600"), t.name("mode")),
              t.strings("check")));
      t.done();
    }
    if (types.isEmpty()) {
      throw new ConfigException(
          "'credentialTypes' must map at least one type to {root, manifestService}");
    }
    List<Path> readRoots = new ArrayList<>();
    for (String p : root.strings("fileReadRoots")) {
      readRoots.add(path(baseDir, p));
    }
    List<String> extraUnits = root.strings("extraUnits");
    String manager = root.text("serviceManager", "systemd");
    if (!manager.equals("systemd") && !manager.equals("recording")) {
      throw new ConfigException(
          "'serviceManager' must be 'systemd' or 'recording', not '" + manager + "'");
    }
    Limits limits = limits(root.object("limits"));
    long skew = root.integer("maxSkewSeconds", 300, 1, 3600);
    boolean rejectPreStart = root.bool("rejectPreStartTimestamps", true);
    root.done();
    SecretPaths.checkSeparate(types, readRoots, tls);
    return new AgentConfig(
        host,
        address,
        port,
        tls,
        insecure,
        cluster,
        manifest,
        state,
        audit,
        Map.copyOf(types),
        owner,
        List.copyOf(readRoots),
        List.copyOf(extraUnits),
        manager,
        limits,
        skew,
        rejectPreStart);
  }

  private static Limits limits(ConfigReader l) {
    Limits d = Limits.defaults();
    int max = Integer.MAX_VALUE;
    Limits limits =
        new Limits(
            (int) l.integer("maxBodyBytes", d.maxBodyBytes(), 1, max),
            l.integer("maxFileBytes", d.maxFileBytes(), 1, max),
            (int) l.integer("bodyReadTimeoutMillis", d.bodyReadTimeoutMillis(), 1, max),
            (int) l.integer("workerThreads", d.workerThreads(), 1, 1024),
            (int) l.integer("maxJournalLines", d.maxJournalLines(), 1, max),
            (int) l.integer("maxJournalChars", d.maxJournalChars(), 1, max),
            (int) l.integer("maxFollowSeconds", d.maxFollowSeconds(), 1, 86_400),
            (int) l.integer("maxFollowers", d.maxFollowers(), 1, 1024),
            (int) l.integer("maxReplayEntries", d.maxReplayEntries(), 1, 50_000_000),
            (int) l.integer("maxCredentialFiles", d.maxCredentialFiles(), 1, max));
    l.done();
    if (limits.maxFollowers() >= limits.workerThreads()) {
      // each journal follower holds a worker thread for up to maxFollowSeconds
      throw new ConfigException(
          "'limits.maxFollowers' ("
              + limits.maxFollowers()
              + ") must be smaller than"
              + " 'limits.workerThreads' ("
              + limits.workerThreads()
              + ")");
    }
    return limits;
  }

  /** TLS, or plain HTTP when asked for explicitly, and on a network address only when forced. */
  private static void transport(Tls tls, boolean insecure, boolean force, String address) {
    if (tls != null && insecure) {
      throw new ConfigException("'tls' and 'insecureHttp' exclude each other: choose one");
    }
    if (tls == null && !insecure) {
      throw new ConfigException(
          "'tls' is required: {\"certFile\": …, \"keyFile\": …} (or 'insecureHttp': true for"
              + " plain HTTP on loopback)");
    }
    if (force && !insecure) {
      throw new ConfigException("'insecureHttpForce' only makes sense with 'insecureHttp': true");
    }
    if (insecure && !force && !isLoopback(address)) {
      throw new ConfigException(
          "'insecureHttp' on the non-loopback address "
              + address
              + " is refused: use 'tls', or also set 'insecureHttpForce': true");
    }
  }

  static boolean isLoopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      throw new ConfigException("'listen.address' is not an address: " + address);
    }
  }

  private static String mode(String mode, String key) {
    return switch (mode) {
      case "0600", "600" -> "rw-------";
      case "0640", "640" -> "rw-r-----";
      default -> throw new ConfigException("'" + key + "' must be \"0600\" or \"0640\"");
    };
  }

  private static Path path(Path baseDir, String p) {
    Path path = Path.of(p);
    return (path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path)).normalize();
  }
}
