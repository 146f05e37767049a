package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Forgejo's access token API for one user ({@code /api/v1/users/{user}/tokens}, basic auth). */
final class ForgejoClient {

  /** A created token: {@code sha1} is the token itself, shown only in the creation answer. */
  record CreatedToken(long id, String name, String sha1) {
    @Override
    public String toString() {
      return "CreatedToken[" + id + ", " + name + "]";
    }
  }

  private static final String SYSTEM = "Forgejo";
  private final HttpUrl base;
  private final String user;
  private final String authorization;

  ForgejoClient(String baseUrl, String user, String password) {
    this.base = HttpUrl.get(baseUrl);
    this.user = user;
    this.authorization = Credentials.basic(user, password);
  }

  Optional<Long> findId(String name) {
    JsonNode tokens = ProviderHttp.call(SYSTEM, request(tokens()).get().build(), false);
    for (JsonNode t : tokens) {
      if (name.equals(t.path("name").asText())) {
        return Optional.of(t.path("id").asLong());
      }
    }
    return Optional.empty();
  }

  CreatedToken create(String name, List<String> scopes) {
    JsonNode t =
        ProviderHttp.call(
            SYSTEM,
            request(tokens())
                .post(ProviderHttp.json(Map.of("name", name, "scopes", scopes)))
                .build(),
            false);
    return new CreatedToken(
        t.path("id").asLong(), t.path("name").asText(), t.path("sha1").asText());
  }

  /** True if deleted, false if already gone. */
  boolean delete(long id) {
    HttpUrl url = tokens().newBuilder().addPathSegment(Long.toString(id)).build();
    return ProviderHttp.call(SYSTEM, request(url).delete().build(), true) != null;
  }

  private HttpUrl tokens() {
    return base.newBuilder()
        .addPathSegments("api/v1/users")
        .addPathSegment(user)
        .addPathSegment("tokens")
        .build();
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }
}
