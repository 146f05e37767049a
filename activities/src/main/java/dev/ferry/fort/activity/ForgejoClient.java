package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/** Forgejo's access token API for one user ({@code /api/v1/users/{user}/tokens}, basic auth). */
final class ForgejoClient {

  /** A created token: {@code sha1} is the token itself, shown only in the creation answer. */
  record CreatedToken(long id, String name, String sha1) {
    @Override
    public String toString() {
      return "CreatedToken[" + id + ", " + name + "]";
    }
  }

  private final RemoteTarget target;
  private final String user;

  /** {@code target} authenticates as {@code user} (basic auth). */
  ForgejoClient(RemoteTarget target, String user) {
    this.target = target;
    this.user = user;
  }

  Optional<Long> findId(String name) {
    JsonNode tokens = call("GET", tokens(), null);
    for (JsonNode t : tokens) {
      if (name.equals(t.path("name").asText())) {
        return Optional.of(t.path("id").asLong());
      }
    }
    return Optional.empty();
  }

  CreatedToken create(String name, List<String> scopes) {
    JsonNode t = call("POST", tokens(), Map.of("name", name, "scopes", scopes));
    return new CreatedToken(
        t.path("id").asLong(), t.path("name").asText(), t.path("sha1").asText());
  }

  /** True if deleted, false if already gone. */
  boolean delete(long id) {
    HttpUrl url = tokens().newBuilder().addPathSegment(Long.toString(id)).build();
    return RemoteException.failingActivity(() -> target.jsonIfFound("DELETE", url, null))
        .isPresent();
  }

  private HttpUrl tokens() {
    return target
        .url()
        .addPathSegments("api/v1/users")
        .addPathSegment(user)
        .addPathSegment("tokens")
        .build();
  }

  private JsonNode call(String method, HttpUrl url, Object body) {
    return RemoteException.failingActivity(() -> target.json(method, url, body));
  }
}
