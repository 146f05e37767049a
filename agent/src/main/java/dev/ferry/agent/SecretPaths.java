package dev.ferry.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where secrets live on the host: every credential type's root and the agent's TLS key. {@code
 * file:read} must never reach them, so a configuration whose read roots overlap them is refused,
 * and every read is checked again against their real (symlink-resolved) paths.
 */
final class SecretPaths {
  private final List<Path> paths;

  private SecretPaths(List<Path> paths) {
    this.paths = paths;
  }

  static SecretPaths of(AgentConfig config) {
    List<Path> paths = new ArrayList<>();
    config.credentialTypes().values().forEach(t -> paths.add(t.root()));
    if (config.tls() != null) {
      paths.add(config.tls().keyFile());
    }
    return new SecretPaths(List.copyOf(paths));
  }

  /** True if {@code realPath} (already symlink-resolved) is a secret path or lies below one. */
  boolean covers(Path realPath) {
    for (Path p : paths) {
      if (realPath.startsWith(p) || realPath.startsWith(real(p))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses credential roots that overlap each other (one type's files would land in another's
   * directory) and read roots that overlap a credential root or hold the TLS key.
   */
  static void checkSeparate(
      Map<String, AgentConfig.CredentialType> types, List<Path> readRoots, AgentConfig.Tls tls) {
    List<Map.Entry<String, Path>> secrets = new ArrayList<>();
    types.forEach(
        (name, t) -> secrets.add(Map.entry("credentialTypes." + name + ".root", t.root())));
    for (int i = 0; i < secrets.size(); i++) {
      for (int j = i + 1; j < secrets.size(); j++) {
        if (overlap(secrets.get(i).getValue(), secrets.get(j).getValue())) {
          throw new ConfigException(
              "'" + secrets.get(i).getKey() + "' and '" + secrets.get(j).getKey() + "' overlap");
        }
      }
    }
    if (tls != null) {
      secrets.add(Map.entry("tls.keyFile", tls.keyFile()));
    }
    for (Path read : readRoots) {
      for (Map.Entry<String, Path> secret : secrets) {
        if (overlap(read, secret.getValue())) {
          throw new ConfigException(
              "'fileReadRoots' entry "
                  + read
                  + " overlaps '"
                  + secret.getKey()
                  + "' ("
                  + secret.getValue()
                  + "): file:read must never serve a secret");
        }
      }
    }
  }

  private static boolean overlap(Path a, Path b) {
    Path ra = real(a);
    Path rb = real(b);
    return a.startsWith(b) || b.startsWith(a) || ra.startsWith(rb) || rb.startsWith(ra);
  }

  /** The symlink-resolved path, or the path itself while it does not exist yet. */
  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
