package dev.ferry.sandbox.forgejo;

import java.util.ArrayList;
import java.util.List;

/**
 * Forgejo's access token scopes as {@code models/auth/access_token_scope.go} normalises them: the
 * scopes in a fixed order, {@code write:} implying {@code read:} (so the read is dropped), {@code
 * all} standing for every write scope and written back as {@code all}, unknown scopes refused.
 */
final class TokenScopes {

  /** The categories in the order Forgejo lists them; each has a read and a write scope. */
  private static final List<String> CATEGORIES =
      List.of(
          "activitypub",
          "admin",
          "misc",
          "notification",
          "organization",
          "package",
          "issue",
          "repository",
          "user");

  private static final String PUBLIC_ONLY = "public-only";

  private TokenScopes() {}

  /**
   * The normalised scopes; {@link IllegalArgumentException} with Forgejo's message for an unknown
   * one. Empty when nothing was asked for.
   */
  static List<String> normalize(List<String> requested) {
    boolean publicOnly = false;
    int[] level = new int[CATEGORIES.size()]; // 0 none, 1 read, 2 write
    for (String scope : requested) {
      if (scope.isEmpty()) {
        continue;
      }
      if (scope.equals("all")) {
        java.util.Arrays.fill(level, 2);
      } else if (scope.equals(PUBLIC_ONLY)) {
        publicOnly = true;
      } else {
        int colon = scope.indexOf(':');
        int category = colon < 0 ? -1 : CATEGORIES.indexOf(scope.substring(colon + 1));
        String mode = colon < 0 ? "" : scope.substring(0, colon);
        if (category < 0 || !(mode.equals("read") || mode.equals("write"))) {
          throw new IllegalArgumentException("invalid access token scope: " + scope);
        }
        level[category] = Math.max(level[category], mode.equals("write") ? 2 : 1);
      }
    }
    List<String> out = new ArrayList<>();
    if (publicOnly) {
      out.add(PUBLIC_ONLY);
    }
    boolean allWrite = true;
    for (int i = 0; i < level.length; i++) {
      allWrite &= level[i] == 2;
    }
    if (allWrite) {
      out.add("all");
      return out;
    }
    for (int i = 0; i < level.length; i++) {
      if (level[i] > 0) {
        out.add((level[i] == 2 ? "write:" : "read:") + CATEGORIES.get(i));
      }
    }
    return out;
  }
}
