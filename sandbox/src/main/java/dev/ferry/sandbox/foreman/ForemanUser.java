package dev.ferry.sandbox.foreman;

import java.util.Set;

/**
 * A Foreman user: login, optional password, personal access tokens (sent as the Basic password),
 * permissions (ignored when admin), an optional role filter on hosts (a scoped_search query),
 * disabled flag.
 */
public record ForemanUser(
    String login,
    String password,
    Set<String> tokens,
    Set<String> permissions,
    boolean admin,
    String hostFilter,
    boolean disabled) {

  /** Permissions a typical read-only inventory role needs. */
  public static final Set<String> VIEWER =
      Set.of("view_hosts", "view_facts", "view_params", "view_compute_resources");

  public static ForemanUser admin(String login, String token) {
    return new ForemanUser(login, null, Set.of(token), Set.of(), true, null, false);
  }

  public static ForemanUser withToken(String login, String token, Set<String> permissions) {
    return new ForemanUser(login, null, Set.of(token), permissions, false, null, false);
  }

  public ForemanUser password(String pw) {
    return new ForemanUser(login, pw, tokens, permissions, admin, hostFilter, disabled);
  }

  public ForemanUser hostFilter(String search) {
    return new ForemanUser(login, password, tokens, permissions, admin, search, disabled);
  }

  public ForemanUser disabled(boolean value) {
    return new ForemanUser(login, password, tokens, permissions, admin, hostFilter, value);
  }

  boolean can(String permission) {
    return admin || permissions.contains(permission);
  }

  boolean accepts(String secret) {
    return (tokens != null && tokens.contains(secret))
        || (password != null && password.equals(secret));
  }
}
