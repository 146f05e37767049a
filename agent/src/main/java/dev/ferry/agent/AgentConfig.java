package dev.ferry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
   * 0640, e.g. for a TLS key read by nginx's group).
   */
  /** PEM files: the certificate chain (leaf first) and its private key; re-read when changed. */
  public record Tls(Path certFile, Path keyFile) {}

  public record CredentialType(Path root, boolean manifestService, String owner, String mode) {}

  public record Limits(
      int maxBodyBytes,
      long maxFileBytes,
      int bodyReadTimeoutMillis,
      int workerThreads,
      int maxJournalLines,
      int maxFollowSeconds,
      int maxFollowers,
      int maxReplayEntries,
      int maxCredentialFiles) {

    public static Limits defaults() {
      return new Limits(
          1 << 20,
          1 << 20,
          10_000,
          Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
          1000,
          300,
          2,
          1_000_000,
          16);
    }
  }

  public static AgentConfig load(Path file, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("cannot read config " + file + ": " + e.getMessage());
    }
    return fromJson(root, file.toAbsolutePath().getParent());
  }

  public static AgentConfig fromJson(JsonNode root, Path baseDir) {
    if (root == null || !root.isObject()) {
      throw new ConfigException("config must be a JSON object");
    }
    String host = requireText(root, "host");
    JsonNode listen = root.path("listen");
    String address = listen.path("address").asText("127.0.0.1");
    int port = listen.path("port").asInt(7443);
    if (port < 0 || port > 65535) {
      throw new ConfigException("listen.port out of range: " + port);
    }
    Tls tls = null;
    if (root.has("tls")) {
      JsonNode t = root.get("tls");
      tls =
          new Tls(
              path(baseDir, requireText(t, "certFile")), path(baseDir, requireText(t, "keyFile")));
    }
    boolean insecure = root.path("insecureHttp").asBoolean(false);
    transport(tls, insecure, root.path("insecureHttpForce").asBoolean(false), address);
    Path cluster = path(baseDir, requireText(root, "clusterFile"));
    Path manifest = path(baseDir, requireText(root, "manifestFile"));
    Path state = path(baseDir, requireText(root, "stateDir"));
    String audit = root.path("auditLog").asText("stderr");
    if (!"stderr".equals(audit)) {
      audit = path(baseDir, audit).toString();
    }
    String owner = root.hasNonNull("credentialOwner") ? root.get("credentialOwner").asText() : null;

    Map<String, CredentialType> types = new LinkedHashMap<>();
    JsonNode typesNode = root.path("credentialTypes");
    if (!typesNode.isObject() || typesNode.isEmpty()) {
      throw new ConfigException(
          "credentialTypes must map at least one type to {root, manifestService}");
    }
    typesNode
        .properties()
        .forEach(
            e -> {
              if (!Names.isServiceName(e.getKey())) {
                throw new ConfigException("invalid credential type name: " + e.getKey());
              }
              JsonNode t = e.getValue();
              types.put(
                  e.getKey(),
                  new CredentialType(
                      path(baseDir, requireText(t, "root")),
                      t.path("manifestService").asBoolean(true),
                      t.hasNonNull("owner") ? t.get("owner").asText() : owner,
                      mode(t.path("mode").asText("0600"), e.getKey())));
            });

    List<Path> roots = new ArrayList<>();
    root.path("fileReadRoots").forEach(n -> roots.add(path(baseDir, n.asText())));
    List<String> extraUnits = new ArrayList<>();
    root.path("extraUnits").forEach(n -> extraUnits.add(n.asText()));

    String manager = root.path("serviceManager").asText("systemd");
    if (!List.of("systemd", "recording").contains(manager)) {
      throw new ConfigException(
          "serviceManager must be 'systemd' or 'recording', not '" + manager + "'");
    }

    Limits d = Limits.defaults();
    JsonNode l = root.path("limits");
    Limits limits =
        new Limits(
            positive(l, "maxBodyBytes", d.maxBodyBytes()),
            positive(l, "maxFileBytes", (int) Math.min(Integer.MAX_VALUE, d.maxFileBytes())),
            positive(l, "bodyReadTimeoutMillis", d.bodyReadTimeoutMillis()),
            positive(l, "workerThreads", d.workerThreads()),
            positive(l, "maxJournalLines", d.maxJournalLines()),
            positive(l, "maxFollowSeconds", d.maxFollowSeconds()),
            positive(l, "maxFollowers", d.maxFollowers()),
            positive(l, "maxReplayEntries", d.maxReplayEntries()),
            positive(l, "maxCredentialFiles", d.maxCredentialFiles()));
    if (limits.maxFollowers() >= limits.workerThreads()) {
      // each journal follower holds a worker thread for up to maxFollowSeconds
      throw new ConfigException("limits.maxFollowers must be smaller than limits.workerThreads");
    }
    long skew = root.path("maxSkewSeconds").asLong(300);
    if (skew <= 0 || skew > 3600) {
      throw new ConfigException("maxSkewSeconds must be in 1..3600");
    }
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
        List.copyOf(roots),
        List.copyOf(extraUnits),
        manager,
        limits,
        skew,
        root.path("rejectPreStartTimestamps").asBoolean(true));
  }

  /** TLS, or plain HTTP when asked for explicitly, and on a network address only when forced. */
  private static void transport(Tls tls, boolean insecure, boolean force, String address) {
    if (tls != null && insecure) {
      throw new ConfigException("tls and insecureHttp exclude each other: choose one");
    }
    if (tls == null && !insecure) {
      throw new ConfigException(
          "tls is required: {\"certFile\": …, \"keyFile\": …} (or insecureHttp: true for plain"
              + " HTTP on loopback)");
    }
    if (force && !insecure) {
      throw new ConfigException("insecureHttpForce only makes sense with insecureHttp: true");
    }
    if (insecure && !force && !isLoopback(address)) {
      throw new ConfigException(
          "insecureHttp on the non-loopback address "
              + address
              + " is refused: use tls, or also set insecureHttpForce: true");
    }
  }

  static boolean isLoopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      throw new ConfigException("listen.address is not an address: " + address);
    }
  }

  private static String mode(String mode, String type) {
    return switch (mode) {
      case "0600", "600" -> "rw-------";
      case "0640", "640" -> "rw-r-----";
      default ->
          throw new ConfigException("credentialTypes." + type + ".mode must be 0600 or 0640");
    };
  }

  private static String requireText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ConfigException("config field '" + field + "' is required (a non-empty string)");
    }
    return v.asText();
  }

  private static int positive(JsonNode node, String field, int fallback) {
    if (!node.has(field)) {
      return fallback;
    }
    int v = node.get(field).asInt(-1);
    if (v <= 0) {
      throw new ConfigException("limits." + field + " must be a positive integer");
    }
    return v;
  }

  private static Path path(Path baseDir, String p) {
    Path path = Path.of(p);
    return (path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path)).normalize();
  }
}
