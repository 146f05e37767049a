package dev.ferry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  public static ClusterPolicy load(Path file, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("cannot read cluster file " + file + ": " + e.getMessage());
    }
    return fromJson(root);
  }

  public static ClusterPolicy fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new ConfigException("cluster file must be a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    Map<String, Set<Capability>> roles = new HashMap<>();
    JsonNode rolesNode = root.get("roles");
    Map<String, List<String>> roleTable = new LinkedHashMap<>();
    if (rolesNode == null) {
      roleTable.putAll(SEED_ROLES);
    } else {
      if (!rolesNode.isObject()) {
        throw new ConfigException("cluster.roles must map role names to capability lists");
      }
      rolesNode
          .properties()
          .forEach(
              e -> roleTable.put(e.getKey(), strings(e.getValue(), "cluster.roles." + e.getKey())));
    }
    roleTable.forEach(
        (role, caps) -> {
          Set<Capability> set = EnumSet.noneOf(Capability.class);
          for (String cap : caps) {
            if ("*".equals(cap)) {
              set.addAll(EnumSet.allOf(Capability.class));
            } else {
              set.add(
                  Capability.fromId(cap)
                      .orElseThrow(
                          () ->
                              new ConfigException(
                                  "role " + role + " names unknown capability " + cap)));
            }
          }
          roles.put(role, set);
        });

    JsonNode principalsNode = root.get("principals");
    if (principalsNode == null || !principalsNode.isObject()) {
      throw new ConfigException(
          "cluster.principals must be an object of name → {publicKeys, roles}");
    }
    Map<String, Principal> principals = new LinkedHashMap<>();
    Map<SshPublicKey, String> keyOwner = new HashMap<>();
    principalsNode
        .properties()
        .forEach(
            e -> {
              String name = e.getKey();
              JsonNode p = e.getValue();
              if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
                throw new ConfigException(
                    "principal name '" + name + "' is not a valid origin name");
              }
              List<String> keyLines = new ArrayList<>();
              if (p.has("publicKey")) {
                keyLines.add(p.get("publicKey").asText());
              }
              if (p.has("publicKeys")) {
                keyLines.addAll(strings(p.get("publicKeys"), "principal " + name + ".publicKeys"));
              }
              List<SshPublicKey> keys = new ArrayList<>();
              for (String line : keyLines) {
                if (!line.startsWith("ssh-")) {
                  // the seed gives ratched an age key: it cannot sign requests, so it cannot
                  // authenticate
                  warnings.add(
                      "principal " + name + ": ignoring non-SSH key " + line.split("\\s+")[0]);
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
                  p.has("roles")
                      ? strings(p.get("roles"), "principal " + name + ".roles")
                      : List.of();
              Set<Capability> caps = EnumSet.noneOf(Capability.class);
              for (String role : roleNames) {
                Set<Capability> granted = roles.get(role);
                if (granted == null) {
                  warnings.add(
                      "principal " + name + ": role " + role + " grants nothing on the agent");
                } else {
                  caps.addAll(granted);
                }
              }
              principals.put(
                  name,
                  new Principal(name, List.copyOf(keys), List.copyOf(roleNames), Set.copyOf(caps)));
            });
    return new ClusterPolicy(Map.copyOf(principals), List.copyOf(warnings));
  }

  private static List<String> strings(JsonNode node, String where) {
    if (node == null || !node.isArray()) {
      throw new ConfigException(where + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    node.forEach(
        n -> {
          if (!n.isTextual()) {
            throw new ConfigException(where + " must be a list of strings");
          }
          out.add(n.asText());
        });
    return out;
  }
}
