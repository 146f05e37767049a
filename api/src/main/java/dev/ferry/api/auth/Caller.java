package dev.ferry.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;

/**
 * The authenticated user behind a request. Role checks are declared with {@link AdminOnly} and
 * {@link SelfOrAdmin}, never coded in a controller.
 */
public record Caller(UUID userId, String name, Role role) {

  static final String ATTRIBUTE = Caller.class.getName();

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  public static Caller of(HttpServletRequest request) {
    Caller caller = (Caller) request.getAttribute(ATTRIBUTE);
    if (caller == null) {
      throw new IllegalStateException("request was not authenticated");
    }
    return caller;
  }
}
