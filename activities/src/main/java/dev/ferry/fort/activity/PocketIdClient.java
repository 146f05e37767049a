package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * pocket-id's OIDC client API (header {@code X-API-KEY}) on the 1.x and the 2.x line; failures
 * leave as activity failures. Where the lines differ, the server's version decides ({@link
 * #version()}); the paths named are pocket-id/pocket-id {@code backend/internal/…}.
 */
final class PocketIdClient {

  record OidcClient(String id, String name) {}

  /**
   * A secret just issued: {@code value} goes to the host, then {@code replaced} (secret ids that
   * stay usable until retired; empty where pocket-id replaced the secret itself) are retired.
   */
  record IssuedSecret(String value, List<String> replaced) {
    @Override
    public String toString() {
      return "IssuedSecret[replacing " + replaced.size() + "]";
    }
  }

  /** dto/oidc_dto.go OidcClientUpdateDto: {@code name binding:"required,max=50"} (1.16, 2.14). */
  static final int NAME_MAX = 50;

  private final RemoteTarget target;
  private String version;

  /** {@code target} authenticates with the API key header. */
  PocketIdClient(RemoteTarget target) {
    this.target = target;
  }

  /**
   * The client name for a public name: the FQDN itself when it fits, else its head and a hash of
   * the whole, so that distinct names stay distinct and the same FQDN always maps to the same name.
   */
  static String clientName(String fqdn) {
    if (fqdn.length() <= NAME_MAX) {
      return fqdn;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(fqdn.getBytes(StandardCharsets.UTF_8));
      String suffix = "-" + HexFormat.of().formatHex(hash, 0, 4);
      return fqdn.substring(0, NAME_MAX - suffix.length()) + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The server's version, from {@code GET /api/version/current} (controller/version_controller.go,
   * from 2.3.0); {@code "1.x"} where that route does not exist (1.x and 2.0–2.2, which all keep the
   * 1.x secret route).
   */
  String version() {
    if (version == null) {
      version =
          RemoteException.failingActivity(
                  () -> target.jsonIfFound("GET", url("api/version/current"), null))
              .map(v -> v.path("currentVersion").asText("unknown"))
              .orElse("1.x");
    }
    return version;
  }

  /**
   * 2.14 keeps a list of secrets ({@code POST …/secrets} adds one, {@code DELETE
   * …/secrets/:secretId} retires one) and has no {@code POST …/secret} any more. A build without a
   * version ("unknown") is taken as current.
   */
  boolean secretsAreAList() {
    String v = version();
    if (v.equals("1.x")) {
      return false;
    }
    String[] parts = v.replaceFirst("^v", "").split("[.-]");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 2 || (major == 2 && minor >= 14);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  boolean exists(String id) {
    return found("GET", url("api/oidc/clients/" + id));
  }

  /**
   * {@code groupRestricted}: sign-in only for the allowed groups (2.x reads it; 1.x ignores it and
   * restricts whenever groups are set, which is the same rule as Ferry's).
   */
  OidcClient create(String name, List<String> callbackUrls, boolean groupRestricted) {
    JsonNode created =
        call("POST", url("api/oidc/clients"), shape(name, callbackUrls, groupRestricted));
    return new OidcClient(created.path("id").asText(), name);
  }

  /**
   * Sends {@code isGroupRestricted} every time: on 2.x an update without it clears the allowed
   * groups and opens the client to every user (service/oidc_service.go UpdateClient).
   */
  void update(String id, String name, List<String> callbackUrls, boolean groupRestricted) {
    call("PUT", url("api/oidc/clients/" + id), shape(name, callbackUrls, groupRestricted));
  }

  /**
   * Issues a new secret. Before 2.14 ({@code POST …/secret}) it replaces the old one at once; from
   * 2.14 ({@code POST …/secrets}) the old ones stay usable until {@link #retire} after delivery.
   */
  IssuedSecret issueSecret(String id) {
    if (!secretsAreAList()) {
      JsonNode answer = call("POST", url("api/oidc/clients/" + id + "/secret"), Map.of());
      return new IssuedSecret(answer.path("secret").asText(), List.of());
    }
    List<String> previous = new ArrayList<>();
    call("GET", url("api/oidc/clients/" + id + "/secrets"), null)
        .forEach(s -> previous.add(s.path("id").asText()));
    JsonNode created = call("POST", url("api/oidc/clients/" + id + "/secrets"), Map.of());
    return new IssuedSecret(created.path("secret").asText(), previous);
  }

  /** Deletes the secrets a delivered one replaced; one already gone is fine. */
  void retire(String id, IssuedSecret issued) {
    for (String secretId : issued.replaced()) {
      found("DELETE", url("api/oidc/clients/" + id + "/secrets/" + secretId));
    }
  }

  /** True if it was deleted, false if it was already gone. */
  boolean delete(String id) {
    return found("DELETE", url("api/oidc/clients/" + id));
  }

  /** The id of the user group with exactly this name. */
  Optional<String> findGroupId(String name) {
    HttpUrl url =
        target.url().addPathSegments("api/user-groups").addQueryParameter("search", name).build();
    for (JsonNode g : call("GET", url, null).path("data")) {
      if (name.equals(g.path("name").asText())) {
        return Optional.of(g.path("id").asText());
      }
    }
    return Optional.empty();
  }

  void setAllowedGroups(String clientId, List<String> groupIds) {
    call(
        "PUT",
        url("api/oidc/clients/" + clientId + "/allowed-user-groups"),
        Map.of("userGroupIds", groupIds));
  }

  /**
   * When the API key in use expires. Both lines list the caller's keys ({@code GET /api/api-keys},
   * sortable by {@code lastUsedAt}) and stamp {@code lastUsedAt} on every authenticated request, so
   * the most recently used key is this one. The newest stamp is picked here rather than trusting
   * the order, as databases disagree on where keys never used (null) sort.
   */
  Optional<Instant> apiKeyExpiry() {
    HttpUrl url =
        target
            .url()
            .addPathSegments("api/api-keys")
            .addQueryParameter("sort[column]", "lastUsedAt")
            .addQueryParameter("sort[direction]", "desc")
            .build();
    Instant newestUse = Instant.MIN;
    Optional<Instant> expiry = Optional.empty();
    for (JsonNode key : call("GET", url, null).path("data")) {
      if (key.path("lastUsedAt").isTextual() && key.path("expiresAt").isTextual()) {
        Instant used = instant(key.path("lastUsedAt").asText());
        if (used.isAfter(newestUse)) {
          newestUse = used;
          expiry = Optional.of(instant(key.path("expiresAt").asText()));
        }
      }
    }
    return expiry;
  }

  private static Instant instant(String rfc3339) {
    return OffsetDateTime.parse(rfc3339).toInstant();
  }

  private static Map<String, Object> shape(
      String name, List<String> callbackUrls, boolean groupRestricted) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("callbackURLs", new ArrayList<>(callbackUrls));
    body.put("logoutCallbackURLs", List.of());
    body.put("isPublic", false);
    body.put("pkceEnabled", false);
    body.put("requiresReauthentication", false);
    body.put("isGroupRestricted", groupRestricted);
    return body;
  }

  private HttpUrl url(String path) {
    return target.url().addPathSegments(path).build();
  }

  private JsonNode call(String method, HttpUrl url, Object body) {
    return RemoteException.failingActivity(() -> target.json(method, url, body));
  }

  /** False when pocket-id answers 404. */
  private boolean found(String method, HttpUrl url) {
    return RemoteException.failingActivity(() -> target.jsonIfFound(method, url, null)).isPresent();
  }
}
