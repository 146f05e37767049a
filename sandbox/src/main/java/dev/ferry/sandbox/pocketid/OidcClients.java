package dev.ferry.sandbox.pocketid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.sandbox.core.ApiError;
import dev.ferry.sandbox.core.Json;
import dev.ferry.sandbox.core.Request;
import dev.ferry.sandbox.core.Response;
import dev.ferry.sandbox.pocketid.PocketIdSandbox.Client;
import dev.ferry.sandbox.pocketid.PocketIdSandbox.Secret;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * pocket-id's OIDC clients (controller/oidc_controller.go, service/oidc_service.go), version by
 * version. The caller holds the sandbox's lock.
 */
final class OidcClients {

  /** dto/oidc_dto.go OidcClientUpdateDto: {@code binding:"required,max=50"} (1.16 and 2.14). */
  static final int NAME_MAX = 50;

  /** model/oidc.go MaxOidcClientSecrets (2.14). */
  static final int MAX_SECRETS = 20;

  private static final int PAGE_SIZE = 20;
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final PocketIdVersion version;
  private final Predicate<String> groupExists;
  private final Map<String, Client> clients = new LinkedHashMap<>();

  OidcClients(PocketIdVersion version, Predicate<String> groupExists) {
    this.version = version;
    this.groupExists = groupExists;
  }

  List<Client> all() {
    return List.copyOf(clients.values());
  }

  boolean exists(String id) {
    return clients.containsKey(id);
  }

  void clear() {
    clients.clear();
  }

  /**
   * 1.16: a client without allowed groups lets everyone in; 2.x: only a restricted client checks
   * groups, and a restricted client without groups lets nobody in.
   */
  boolean mayAuthorize(String clientId, List<String> memberOf) {
    Client c = clients.get(clientId);
    if (c == null) {
      return false;
    }
    boolean open =
        version.groupRestrictionFlag() ? !c.groupRestricted() : c.allowedUserGroupIds().isEmpty();
    return open || c.allowedUserGroupIds().stream().anyMatch(memberOf::contains);
  }

  Response list(Request req) {
    int page = Math.max(1, PocketIdSandbox.number(req.query("pagination[page]"), 1));
    int limit = Math.max(1, PocketIdSandbox.number(req.query("pagination[limit]"), PAGE_SIZE));
    String search = Optional.ofNullable(req.query("search")).orElse("");
    List<Client> found = clients.values().stream().filter(c -> c.name().contains(search)).toList();
    ArrayNode data = Json.array();
    found.stream().skip((long) (page - 1) * limit).limit(limit).forEach(c -> data.add(view(c)));
    int totalPages = Math.max(1, (found.size() + limit - 1) / limit);
    return Response.ok(PocketIdSandbox.paged(data, totalPages, found.size(), page, limit));
  }

  Response get(Request req) {
    return Response.ok(view(client(req)));
  }

  /** 1.x ignores {@code isGroupRestricted} (unknown to its DTO); 2.x stores it. */
  Response create(Request req) {
    ObjectNode body = clientBody(req);
    Client c =
        new Client(
            UUID.randomUUID().toString(),
            body.path("name").asText(),
            PocketIdSandbox.strings(body, "callbackURLs"),
            List.of(),
            version.groupRestrictionFlag() && body.path("isGroupRestricted").asBoolean(false),
            List.of());
    clients.put(c.id(), c);
    return Response.json(201, view(c));
  }

  /** 2.x: an update that is not group-restricted clears the allowed groups (UpdateClient). */
  Response update(Request req) {
    Client c = client(req);
    ObjectNode body = clientBody(req);
    boolean restricted =
        version.groupRestrictionFlag() && body.path("isGroupRestricted").asBoolean(false);
    List<String> groups =
        version.groupRestrictionFlag() && !restricted ? List.of() : c.allowedUserGroupIds();
    return Response.ok(
        view(
            store(
                new Client(
                    c.id(),
                    body.path("name").asText(),
                    PocketIdSandbox.strings(body, "callbackURLs"),
                    groups,
                    restricted,
                    c.secrets()))));
  }

  Response delete(Request req) {
    clients.remove(client(req).id());
    return Response.empty(204);
  }

  /** Unknown group ids are skipped: the groups are looked up with {@code id IN (…)}. */
  Response allowUserGroups(Request req) {
    Client c = client(req);
    ObjectNode body = objectBody(req);
    if (body == null || !body.path("userGroupIds").isArray()) {
      throw ApiError.badRequest("userGroupIds is required");
    }
    List<String> ids =
        PocketIdSandbox.strings(body, "userGroupIds").stream().filter(groupExists).toList();
    return Response.ok(
        view(
            store(
                new Client(
                    c.id(), c.name(), c.callbackUrls(), ids, c.groupRestricted(), c.secrets()))));
  }

  /** Before 2.14: {@code POST …/secret} replaces the one secret, answering 200 {@code {secret}}. */
  Response replaceSecret(Request req) {
    Client c = client(req);
    Secret s = newSecret();
    store(withSecrets(c, List.of(s)));
    return Response.ok(Json.object().put("secret", s.value()));
  }

  /** 2.14: {@code POST …/secrets} adds one, the others stay usable; 201 with the value once. */
  Response addSecret(Request req) {
    Client c = client(req);
    if (c.secrets().size() >= MAX_SECRETS) {
      throw ApiError.badRequest("A client cannot have more than " + MAX_SECRETS + " secrets");
    }
    Secret s = newSecret();
    List<Secret> secrets = new ArrayList<>(c.secrets());
    secrets.add(s);
    store(withSecrets(c, secrets));
    return Response.json(201, secretView(s).put("secret", s.value()));
  }

  Response listSecrets(Request req) {
    ArrayNode out = Json.array();
    client(req).secrets().forEach(s -> out.add(secretView(s)));
    return Response.ok(out);
  }

  Response deleteSecret(Request req) {
    Client c = client(req);
    List<Secret> kept =
        c.secrets().stream().filter(s -> !s.id().equals(req.param("secretId"))).toList();
    if (kept.size() == c.secrets().size()) {
      throw ApiError.notFound("Client secret not found");
    }
    store(withSecrets(c, kept));
    return Response.empty(204);
  }

  private Client client(Request req) {
    Client c = clients.get(req.param("id"));
    if (c == null) {
      throw ApiError.notFound("OIDC client not found");
    }
    return c;
  }

  private Client store(Client c) {
    clients.put(c.id(), c);
    return c;
  }

  private static Client withSecrets(Client c, List<Secret> secrets) {
    return new Client(
        c.id(),
        c.name(),
        c.callbackUrls(),
        c.allowedUserGroupIds(),
        c.groupRestricted(),
        List.copyOf(secrets));
  }

  /** 32 alphanumeric characters (utils.GenerateRandomAlphanumericString(32)). */
  private static Secret newSecret() {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      value.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return new Secret(
        UUID.randomUUID().toString(), value.substring(0, 4), value.toString(), Instant.now());
  }

  private ObjectNode view(Client c) {
    ObjectNode n = Json.object().put("id", c.id()).put("name", c.name());
    ArrayNode callbacks = n.putArray("callbackURLs");
    c.callbackUrls().forEach(callbacks::add);
    n.putArray("logoutCallbackURLs");
    n.put("isPublic", false)
        .put("pkceEnabled", false)
        .put("requiresReauthentication", false)
        .put("hasLogo", false);
    if (version.groupRestrictionFlag()) {
      n.put("isGroupRestricted", c.groupRestricted());
    }
    ObjectNode credentials = n.putObject("credentials");
    if (version.multipleSecrets()) {
      ArrayNode secrets = credentials.putArray("secrets");
      c.secrets().forEach(s -> secrets.add(secretView(s)));
    }
    ArrayNode groups = n.putArray("allowedUserGroups");
    c.allowedUserGroupIds().forEach(id -> groups.addObject().put("id", id));
    return n;
  }

  private static ObjectNode secretView(Secret s) {
    ObjectNode n =
        Json.object()
            .put("id", s.id())
            .put("prefix", s.prefix())
            .put("createdAt", s.createdAt().toString());
    n.putNull("expiresAt");
    return n.put("isActive", true);
  }

  /** A client body: a JSON object with a {@code name} of 1 to 50 characters. */
  private static ObjectNode clientBody(Request req) {
    ObjectNode body = objectBody(req);
    if (body == null || !body.path("name").isTextual() || body.path("name").asText().isBlank()) {
      throw ApiError.badRequest("name is required");
    }
    if (body.path("name").asText().length() > NAME_MAX) {
      throw ApiError.badRequest("name must be at most " + NAME_MAX + " characters long");
    }
    return body;
  }

  /** The body as a JSON object; null when it is empty, malformed or not an object. */
  private static ObjectNode objectBody(Request req) {
    try {
      return req.json() instanceof ObjectNode o ? o : null;
    } catch (ApiError malformed) {
      return null;
    }
  }
}
