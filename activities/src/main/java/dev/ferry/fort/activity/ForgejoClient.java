package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.remote.RemoteException;
import dev.ferry.remote.RemoteTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Forgejo's access token API for one user ({@code /api/v1/users/{user}/tokens}). Forgejo takes only
 * the user's password on these routes (Basic auth; a token is refused with "auth method not
 * allowed": routers/api/v1/api.go, reqBasicOrRevProxyAuth), and pages the list (routers/api/v1/
 * utils/page.go: {@code page}, {@code limit} at most 50).
 */
final class ForgejoClient {

  /** A listed token: Forgejo never shows the value again. */
  record Token(long id, String name) {}

  /** A created token: {@code sha1} is the token itself, shown only in the creation answer. */
  record CreatedToken(long id, String name, String sha1) {
    @Override
    public String toString() {
      return "CreatedToken[" + id + ", " + name + "]";
    }
  }

  /** Forgejo's largest page (setting.API.MaxResponseItems). */
  static final int PAGE_SIZE = 50;

  private final RemoteTarget target;
  private final String user;

  /** {@code target} authenticates as {@code user} with the user's password (basic auth). */
  ForgejoClient(RemoteTarget target, String user) {
    this.target = target;
    this.user = user;
  }

  /**
   * The prefix of every token Ferry issues for a host: {@code ferry/<cluster>/<host>/}. A token is
   * named {@code <prefix><access>/<issued at, epoch ms>}, so names stay unique while a new token
   * and the one it replaces both exist, and Ferry finds its own among the user's other tokens.
   */
  static String tokenPrefix(String cluster, String host) {
    return "ferry/" + cluster + "/" + host + "/";
  }

  /** Every token of the user whose name starts with {@code prefix}, reading all pages. */
  List<Token> tokensStartingWith(String prefix) {
    List<Token> found = new ArrayList<>();
    for (int page = 1; ; page++) {
      HttpUrl url =
          tokens()
              .newBuilder()
              .addQueryParameter("page", Integer.toString(page))
              .addQueryParameter("limit", Integer.toString(PAGE_SIZE))
              .build();
      JsonNode listed = call("GET", url, null);
      for (JsonNode t : listed) {
        if (t.path("name").asText().startsWith(prefix)) {
          found.add(new Token(t.path("id").asLong(), t.path("name").asText()));
        }
      }
      if (listed.size() < PAGE_SIZE) {
        return found;
      }
    }
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
