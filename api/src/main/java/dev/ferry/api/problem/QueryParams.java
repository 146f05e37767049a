package dev.ferry.api.problem;

import java.util.regex.Pattern;

/**
 * Checks optional query parameters that filter a list, after the role checks have run (bean
 * validation on parameters would run before them). A bad value is a 400 naming the parameter.
 */
public final class QueryParams {

  /** User names, as {@code POST /api/users} accepts them. */
  public static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** Workspace and deployment names, as a sync request accepts them. */
  public static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private QueryParams() {}

  /** The value, or null when the parameter is absent; a present value must match the pattern. */
  public static String optional(String field, String value, Pattern pattern, String expected) {
    if (value == null) {
      return null;
    }
    if (!pattern.matcher(value).matches()) {
      throw new InvalidFieldException(field, "must be " + expected);
    }
    return value;
  }
}
