package dev.ferry.agent;

import com.fasterxml.jackson.core.TreeNode;
import dev.ferry.agent.protocol.SshPublicKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Principals (name → public keys → roles) and roles → capabilities, from the cluster file. Built
 * once at start-up; keys are parsed here so requests never re-parse them.
 */
public final class ClusterPolicy {
  /** The seed design's role table, used when the cluster file has no {@code roles}. */
  static final Map<String, List<String>> SEED_ROLES =
      Map.of(
          "credential-provider", List.of("credentials:write", "service:signal"),
          "dev-sandbox", List.of("journal:read", "status:query", "file:read"),
          "root", List.of("*"));

  public record Principal(
      String name, List<SshPublicKey> keys, List<String> roles, Set<Capability> capabilities) {
    public boolean may(Capability capability) {
      return capability == Capability.MANIFEST_READ || capabilities.contains(capability);
    }
  }

  private static final Pattern PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private final Map<String, Principal> principals;
  private final List<String> warnings;

  private ClusterPolicy(Map<String, Principal> principals, List<String> warnings) {
    this.principals = principals;
    this.warnings = warnings;
  }

  public Optional<Principal> principal(String name) {
    return Optional.ofNullable(principals.get(name));
  }

  public Map<String, Principal> principals() {
    return principals;
  }

  /**
   * Non-fatal oddities (e.g. an age key or a role the agent does not know, such as {@code
   * secrets}).
   */
  public List<String> warnings() {
    return warnings;
  }

  public static ClusterPolicy load(Path file) {
    Object document;
    try {
      document = Json.parse(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read cluster file " + file + ": " + e.getMessage());
    }
    return from(document);
  }

  /** The policy from a Jackson tree (tests build cluster files as trees). */
  public static ClusterPolicy fromJson(TreeNode root) {
    return from(Json.parse(root));
  }

  private static ClusterPolicy from(Object document) {
    Map<String, Object> root = Json.object(document);
    if (root == null) {
      throw new ConfigException("cluster file must be a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    Map<String, Set<Capability>> roles = new HashMap<>();
    for (Map.Entry<String, List<String>> e : roleTable(root).entrySet()) {
      Set<Capability> set = EnumSet.noneOf(Capability.class);
      for (String cap : e.getValue()) {
        if ("*".equals(cap)) {
          set.addAll(EnumSet.allOf(Capability.class));
        } else {
          Capability c = Capability.fromId(cap).orElse(null);
          if (c == null) {
            throw new ConfigException("role " + e.getKey() + " names unknown capability " + cap);
          }
          set.add(c);
        }
      }
      roles.put(e.getKey(), set);
    }

    Map<String, Object> principalsNode = Json.object(root.get("principals"));
    if (principalsNode == null) {
      throw new ConfigException(
          "cluster.principals must be an object of name → {publicKeys, roles}");
    }
    Map<String, Principal> principals = new LinkedHashMap<>();
    Map<SshPublicKey, String> keyOwner = new HashMap<>();
    for (Map.Entry<String, Object> e : principalsNode.entrySet()) {
      String name = e.getKey();
      Map<String, Object> p = Json.object(e.getValue());
      if (p == null) {
        p = Map.of(); // no keys and no roles: it cannot sign, so it grants nothing
      }
      if (!PRINCIPAL_NAME.matcher(name).matches()) {
        throw new ConfigException("principal name '" + name + "' is not a valid origin name");
      }
      List<String> keyLines = new ArrayList<>();
      if (p.containsKey("publicKey")) {
        Object line = p.get("publicKey");
        keyLines.add(line instanceof String s ? s : Json.text(line));
      }
      if (p.containsKey("publicKeys")) {
        keyLines.addAll(strings(p.get("publicKeys"), "principal " + name + ".publicKeys"));
      }
      List<SshPublicKey> keys = new ArrayList<>();
      for (String line : keyLines) {
        if (!line.startsWith("ssh-")) {
          // the seed gives ratched an age key: it cannot sign requests, so it cannot
          // authenticate
          warnings.add("principal " + name + ": ignoring non-SSH key " + line.split("\\s+")[0]);
          continue;
        }
        SshPublicKey key;
        try {
          key = SshPublicKey.parse(line);
        } catch (IllegalArgumentException ex) {
          throw new ConfigException("principal " + name + ": " + ex.getMessage());
        }
        String previous = keyOwner.putIfAbsent(key, name);
        if (previous != null) {
          // the origin header is not signed: a shared key would let one principal pose as
          // the other
          throw new ConfigException(
              "duplicate public key "
                  + key.fingerprint()
                  + " for principals "
                  + previous
                  + " and "
                  + name);
        }
        keys.add(key);
      }
      List<String> roleNames =
          p.containsKey("roles")
              ? strings(p.get("roles"), "principal " + name + ".roles")
              : List.of();
      Set<Capability> caps = EnumSet.noneOf(Capability.class);
      for (String role : roleNames) {
        Set<Capability> granted = roles.get(role);
        if (granted == null) {
          warnings.add("principal " + name + ": role " + role + " grants nothing on the agent");
        } else {
          caps.addAll(granted);
        }
      }
      principals.put(
          name, new Principal(name, List.copyOf(keys), List.copyOf(roleNames), Set.copyOf(caps)));
    }
    return new ClusterPolicy(Map.copyOf(principals), List.copyOf(warnings));
  }

  /** The cluster file's {@code roles}, or the seed design's table when it has none. */
  private static Map<String, List<String>> roleTable(Map<String, Object> root) {
    if (!root.containsKey("roles")) {
      return SEED_ROLES;
    }
    Map<String, Object> rolesNode = Json.object(root.get("roles"));
    if (rolesNode == null) {
      throw new ConfigException("cluster.roles must map role names to capability lists");
    }
    Map<String, List<String>> table = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : rolesNode.entrySet()) {
      table.put(e.getKey(), strings(e.getValue(), "cluster.roles." + e.getKey()));
    }
    return table;
  }

  private static List<String> strings(Object node, String where) {
    List<String> out = new ArrayList<>();
    if (node instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof String s) {
          out.add(s);
        }
      }
    }
    if (!(node instanceof List<?> items) || out.size() != items.size()) {
      throw new ConfigException(where + " must be a list of strings");
    }
    return out;
  }
}
