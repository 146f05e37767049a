package dev.ferry.sandbox.forward;

import static dev.ferry.sandbox.forward.ForwardStore.applyPatch;
import static dev.ferry.sandbox.forward.ForwardStore.found;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.core.Router;
import dev.ferry.sandbox.forward.ForwardStore.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A network's CLI credentials (forward-api.md §3.5), SNMP credentials (unpublished, §3.6) and jump
 * servers (§3.7). Secrets are stored as, and answered with, system-generated identifiers.
 */
final class CredentialRoutes {
  private static final String CLI = "/api/networks/{networkId}/cli-credentials";
  private static final String SNMP = "/api/networks/{networkId}/snmpCredentials";
  private static final String JUMP = "/api/networks/{networkId}/jumpServers";
  private final ForwardStore store;
  private long nextCli = 1;
  private long nextSnmp = 1;
  private long nextJump = 1;

  CredentialRoutes(ForwardStore store) {
    this.store = store;
  }

  void register(Router r) {
    r.add("GET", CLI, store.locked(req -> list(store.network(req).cliCredentials)));
    r.add("POST", CLI, store.locked(this::createCli));
    r.add("PATCH", CLI, store.locked(this::batchCreateCli));
    r.add("GET", CLI + "/{credentialId}", store.locked(req -> Response.ok(cli(req))));
    r.add("PATCH", CLI + "/{credentialId}", store.locked(this::patchCli));
    r.add("DELETE", CLI + "/{credentialId}", store.locked(this::deleteCli));

    r.add("GET", SNMP, store.locked(req -> list(store.network(req).snmpCredentials)));
    r.add("POST", SNMP, store.locked(this::createSnmp));
    r.add("PATCH", SNMP + "/{credentialId}", store.locked(this::patchSnmp));
    r.add("DELETE", SNMP + "/{credentialId}", store.locked(this::deleteSnmp));

    r.add("GET", JUMP, store.locked(req -> list(store.network(req).jumpServers)));
    r.add("POST", JUMP, store.locked(this::createJump));
    r.add("PATCH", JUMP + "/{jumpServerId}", store.locked(this::patchJump));
    r.add("DELETE", JUMP + "/{jumpServerId}", store.locked(this::deleteJump));
  }

  private static Response list(Map<String, ObjectNode> table) {
    ArrayNode a = Json.array();
    table.values().forEach(a::add);
    return Response.ok(a);
  }

  /** Credential names are unique per network regardless of case. */
  private static void checkUniqueName(
      Collection<ObjectNode> all, String name, ObjectNode except, String label) {
    for (ObjectNode other : all) {
      if (other != except && other.get("name").asText().equalsIgnoreCase(name)) {
        throw ApiError.conflict(
            label
                + " name \""
                + name
                + "\" is already used by credential "
                + other.get("id").asText());
      }
    }
  }

  /**
   * Applies a PATCH after checking the merged result with {@code check}; the secrets in the patch
   * are masked before they are stored.
   */
  private static void patchChecked(
      ObjectNode stored, ObjectNode patch, Consumer<ObjectNode> check, Consumer<ObjectNode> mask) {
    ObjectNode merged = stored.deepCopy();
    applyPatch(merged, patch);
    check.accept(merged);
    mask.accept(patch);
    applyPatch(stored, patch);
  }

  private static ObjectNode stored(String id, ObjectNode fields) {
    ObjectNode stored = Json.object();
    stored.put("id", id);
    stored.setAll(fields);
    return stored;
  }

  // ------------------------------------------------------------------ CLI credentials (§3.5)

  private ObjectNode newCli(Network n, JsonNode raw, Request req) {
    ObjectNode c = ForwardSchemas.NEW_CLI_CREDENTIAL.create(raw);
    String type = c.get("type").asText();
    if ((type.equals("LOGIN") || type.equals("SHELL")) && !c.hasNonNull("username")) {
      throw ApiError.badRequest(
          "Missing required property \"username\" for a " + type + " credential");
    }
    if (c.has("privilegedModePasswordId") && !type.equals("LOGIN")) {
      throw ApiError.badRequest(
          "\"privilegedModePasswordId\" is only allowed for LOGIN credentials");
    }
    if (c.has("privilegeLevel") && !type.equals("PRIVILEGED_MODE")) {
      throw ApiError.badRequest(
          "\"privilegeLevel\" is only allowed for PRIVILEGED_MODE credentials");
    }
    checkUniqueName(n.cliCredentials.values(), c.get("name").asText(), null, "CLI credential");
    ObjectNode stored = stored("L-" + nextCli++, c);
    stored.put("password", store.secretRef());
    if (!stored.has("autoAssociate")) {
      stored.put("autoAssociate", true);
    }
    store.attribute(stored, req, true);
    n.cliCredentials.put(stored.get("id").asText(), stored);
    return stored;
  }

  private Response createCli(Request req) {
    Network n = store.network(req);
    return Response.ok(ForwardStore.withoutAttribution(newCli(n, req.json(), req)));
  }

  /** Creates all or none: a failing element removes the ones created before it. */
  private Response batchCreateCli(Request req) {
    Network n = store.network(req);
    ArrayNode in = ForwardStore.requireArray(req.json(), "NewCliCredential");
    ArrayNode out = Json.array();
    List<String> added = new ArrayList<>();
    try {
      for (JsonNode c : in) {
        ObjectNode s = newCli(n, c, req);
        added.add(s.get("id").asText());
        out.add(s);
      }
    } catch (ApiError e) {
      added.forEach(n.cliCredentials::remove);
      throw e;
    }
    return Response.ok(out);
  }

  private ObjectNode cli(Request req) {
    String id = req.param("credentialId");
    return found(store.network(req).cliCredentials.get(id), "CLI credential " + id);
  }

  private Response patchCli(Request req) {
    Network n = store.network(req);
    ObjectNode c = cli(req);
    ObjectNode p = ForwardSchemas.CLI_CREDENTIAL_UPDATE.patch(req.json());
    if (p.hasNonNull("name")) {
      checkUniqueName(n.cliCredentials.values(), p.get("name").asText(), c, "CLI credential");
    }
    store.mask(p, List.of("password"));
    applyPatch(c, p);
    store.attribute(c, req, false);
    return Response.ok(c);
  }

  private Response deleteCli(Request req) {
    Network n = store.network(req);
    n.cliCredentials.remove(cli(req).get("id").asText());
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ SNMP credentials
  // (unpublished, §3.6)

  private static void checkSnmp(ObjectNode c) {
    String v = c.path("version").asText();
    if (v.equals("V2C")) {
      if (!c.hasNonNull("communityString")) {
        throw ApiError.badRequest("V2C credentials require \"communityString\"");
      }
      if (c.has("authSettings")) {
        throw ApiError.badRequest("V2C credentials do not accept \"authSettings\"");
      }
    } else if (v.equals("V3")) {
      if (!c.hasNonNull("authSettings")) {
        throw ApiError.badRequest("V3 credentials require \"authSettings\"");
      }
      if (c.has("communityString")) {
        throw ApiError.badRequest("V3 credentials do not accept \"communityString\"");
      }
    }
  }

  private void maskSnmp(ObjectNode c) {
    store.mask(c, List.of("communityString"));
    if (c.get("authSettings") instanceof ObjectNode a) {
      store.mask(a, List.of("password", "privacyPassword"));
    }
  }

  private Response createSnmp(Request req) {
    Network n = store.network(req);
    ObjectNode c = ForwardSchemas.NEW_SNMP_CREDENTIAL.create(req.json());
    checkSnmp(c);
    checkUniqueName(n.snmpCredentials.values(), c.get("name").asText(), null, "SNMP credential");
    ObjectNode stored = stored("S-" + nextSnmp++, c);
    maskSnmp(stored);
    if (!stored.has("autoAssociate")) {
      stored.put("autoAssociate", true);
    }
    n.snmpCredentials.put(stored.get("id").asText(), stored);
    return Response.ok(stored);
  }

  private Response patchSnmp(Request req) {
    String id = req.param("credentialId");
    ObjectNode c = found(store.network(req).snmpCredentials.get(id), "SNMP credential " + id);
    ObjectNode p = ForwardSchemas.SNMP_CREDENTIAL_UPDATE.patch(req.json());
    patchChecked(c, p, CredentialRoutes::checkSnmp, this::maskSnmp);
    return Response.ok(c);
  }

  private Response deleteSnmp(Request req) {
    String id = req.param("credentialId");
    found(store.network(req).snmpCredentials.remove(id), "SNMP credential " + id);
    return Response.empty(204);
  }

  // ------------------------------------------------------------------ jump servers (§3.7)

  private static final List<String> JUMP_SECRETS = List.of("password", "sshKey", "sshCert");

  private static void checkJump(ObjectNode j) {
    if (!j.hasNonNull("password") && !j.hasNonNull("sshKey")) {
      throw ApiError.badRequest("A jump server requires either \"password\" or \"sshKey\"");
    }
    if (j.hasNonNull("sshCert") && !j.hasNonNull("sshKey")) {
      throw ApiError.badRequest("\"sshCert\" requires \"sshKey\"");
    }
  }

  private Response createJump(Request req) {
    Network n = store.network(req);
    ObjectNode j = ForwardSchemas.NEW_JUMP_SERVER.create(req.json());
    checkJump(j);
    ObjectNode stored = stored("J-" + nextJump++, j);
    store.mask(stored, JUMP_SECRETS);
    store.attribute(stored, req, true);
    n.jumpServers.put(stored.get("id").asText(), stored);
    return Response.ok(ForwardStore.withoutAttribution(stored));
  }

  private Response patchJump(Request req) {
    String id = req.param("jumpServerId");
    ObjectNode j = found(store.network(req).jumpServers.get(id), "jump server " + id);
    ObjectNode p = ForwardSchemas.JUMP_SERVER_UPDATE.patch(req.json());
    patchChecked(j, p, CredentialRoutes::checkJump, x -> store.mask(x, JUMP_SECRETS));
    store.attribute(j, req, false);
    return Response.ok(Json.object());
  }

  private Response deleteJump(Request req) {
    String id = req.param("jumpServerId");
    found(store.network(req).jumpServers.remove(id), "jump server " + id);
    return Response.ok(Json.object());
  }
}
