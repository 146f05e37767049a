package dev.ferry.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;

/** The authenticated user behind a request. */
public record Caller(UUID userId, String name, Role role) {

  static final String ATTRIBUTE = Caller.class.getName();

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Throws 403 unless the caller is an admin. */
  public void requireAdmin() {
    if (!isAdmin()) {
      throw new ForbiddenException("this action needs the admin role");
    }
  }

  public static Caller of(HttpServletRequest request) {
    Caller caller = (Caller) request.getAttribute(ATTRIBUTE);
    if (caller == null) {
      throw new IllegalStateException("request was not authenticated");
    }
    return caller;
  }
}
