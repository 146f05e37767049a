package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/** pocket-id's OIDC client API (header {@code X-API-KEY}); failures leave as activity failures. */
final class PocketIdClient {

  record OidcClient(String id, String name) {}

  private final RemoteTarget target;

  /** {@code target} authenticates with the API key header. */
  PocketIdClient(RemoteTarget target) {
    this.target = target;
  }

  boolean exists(String id) {
    return found("GET", url("api/oidc/clients/" + id));
  }

  OidcClient create(String name, List<String> callbackUrls) {
    JsonNode created = call("POST", url("api/oidc/clients"), shape(name, callbackUrls));
    return new OidcClient(created.path("id").asText(), name);
  }

  void update(String id, String name, List<String> callbackUrls) {
    call("PUT", url("api/oidc/clients/" + id), shape(name, callbackUrls));
  }

  /** Issues a new secret; the old one stops working. */
  String newSecret(String id) {
    JsonNode answer = call("POST", url("api/oidc/clients/" + id + "/secret"), Map.of());
    return answer.path("secret").asText();
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

  private static Map<String, Object> shape(String name, List<String> callbackUrls) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("callbackURLs", new ArrayList<>(callbackUrls));
    body.put("logoutCallbackURLs", List.of());
    body.put("isPublic", false);
    body.put("pkceEnabled", false);
    body.put("requiresReauthentication", false);
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
