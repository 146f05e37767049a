package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** pocket-id's OIDC client API (header {@code X-API-KEY}). */
final class PocketIdClient {

  record OidcClient(String id, String name) {}

  private static final String SYSTEM = "pocket-id";
  private final HttpUrl base;
  private final String apiKey;

  PocketIdClient(String baseUrl, String apiKey) {
    this.base = HttpUrl.get(baseUrl);
    this.apiKey = apiKey;
  }

  Optional<OidcClient> findByName(String name) {
    int page = 1;
    while (true) {
      HttpUrl url =
          base.newBuilder()
              .addPathSegments("api/oidc/clients")
              .addQueryParameter("pagination[page]", Integer.toString(page))
              .build();
      JsonNode answer = ProviderHttp.call(SYSTEM, request(url).get().build(), false);
      for (JsonNode c : answer.path("data")) {
        if (name.equals(c.path("name").asText())) {
          return Optional.of(new OidcClient(c.path("id").asText(), name));
        }
      }
      JsonNode pagination = answer.path("pagination");
      if (pagination.path("currentPage").asInt(1) >= pagination.path("totalPages").asInt(1)) {
        return Optional.empty();
      }
      page++;
    }
  }

  boolean exists(String id) {
    return ProviderHttp.call(SYSTEM, request(url("api/oidc/clients/" + id)).get().build(), true)
        != null;
  }

  OidcClient create(String name, List<String> callbackUrls) {
    JsonNode created =
        ProviderHttp.call(
            SYSTEM,
            request(url("api/oidc/clients"))
                .post(ProviderHttp.json(shape(name, callbackUrls)))
                .build(),
            false);
    return new OidcClient(created.path("id").asText(), name);
  }

  void update(String id, String name, List<String> callbackUrls) {
    ProviderHttp.call(
        SYSTEM,
        request(url("api/oidc/clients/" + id))
            .put(ProviderHttp.json(shape(name, callbackUrls)))
            .build(),
        false);
  }

  /** Issues a new secret; the old one stops working. */
  String newSecret(String id) {
    JsonNode answer =
        ProviderHttp.call(
            SYSTEM,
            request(url("api/oidc/clients/" + id + "/secret"))
                .post(ProviderHttp.json(Map.of()))
                .build(),
            false);
    return answer.path("secret").asText();
  }

  /** True if it was deleted, false if it was already gone. */
  boolean delete(String id) {
    return ProviderHttp.call(SYSTEM, request(url("api/oidc/clients/" + id)).delete().build(), true)
        != null;
  }

  /** The id of the user group with exactly this name. */
  Optional<String> findGroupId(String name) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegments("api/user-groups")
            .addQueryParameter("search", name)
            .build();
    for (JsonNode g : ProviderHttp.call(SYSTEM, request(url).get().build(), false).path("data")) {
      if (name.equals(g.path("name").asText())) {
        return Optional.of(g.path("id").asText());
      }
    }
    return Optional.empty();
  }

  void setAllowedGroups(String clientId, List<String> groupIds) {
    ProviderHttp.call(
        SYSTEM,
        request(url("api/oidc/clients/" + clientId + "/allowed-user-groups"))
            .put(ProviderHttp.json(Map.of("userGroupIds", groupIds)))
            .build(),
        false);
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
    return base.newBuilder().addPathSegments(path).build();
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("X-API-KEY", apiKey)
        .header("Accept", "application/json");
  }
}
