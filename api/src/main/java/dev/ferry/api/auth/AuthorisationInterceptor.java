package dev.ferry.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one place role checks happen: {@link AdminOnly} and {@link SelfOrAdmin}. An interceptor runs
 * after the handler is chosen but before its arguments are resolved, so authorisation always comes
 * before body parsing and validation (method security would run after them).
 */
@Component
public class AuthorisationInterceptor implements HandlerInterceptor {

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    boolean adminOnly =
        method.hasMethodAnnotation(AdminOnly.class)
            || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), AdminOnly.class);
    SelfOrAdmin self = method.getMethodAnnotation(SelfOrAdmin.class);
    if (!adminOnly && self == null) {
      return true;
    }
    Caller caller = Caller.of(request);
    if (caller.isAdmin()) {
      return true;
    }
    if (adminOnly) {
      throw new ForbiddenException("this action needs the admin role");
    }
    if (!caller.name().equals(pathVariable(request, self.value()))) {
      throw new ForbiddenException("only an admin may act for another user");
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static String pathVariable(HttpServletRequest request, String name) {
    Map<String, String> variables =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    return variables == null ? null : variables.get(name);
  }
}
