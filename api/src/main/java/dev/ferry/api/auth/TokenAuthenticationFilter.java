package dev.ferry.api.auth;

import dev.ferry.api.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request needs {@code Authorization: Bearer <token>} except the API description, CORS
 * preflights, and the Web UI's codec route (which carries its own key, see CodecController). Health
 * answers without a token too, but then shows only the overall status: its details (Foreman URLs,
 * test messages, disk paths) need an admin's token. An authenticated request carries the caller as
 * its servlet principal, with the role as servlet role ({@code ADMIN}, {@code USER}), which is what
 * the actuator's {@code when-authorized} checks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class TokenAuthenticationFilter extends OncePerRequestFilter {

  private final UserRepository users;

  public TokenAuthenticationFilter(UserRepository users) {
    this.users = users;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return "OPTIONS".equals(request.getMethod())
        || path.equals("/v3/api-docs")
        || path.startsWith("/v3/api-docs/")
        || path.equals("/swagger-ui.html")
        || path.startsWith("/swagger-ui/")
        || path.startsWith("/codec/ui/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null && isHealth(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      reject(response, request, "Missing bearer token: send 'Authorization: Bearer <token>'");
      return;
    }
    Optional<Caller> caller = users.authenticate(header.substring(7).trim());
    if (caller.isEmpty()) {
      reject(response, request, "Unknown or revoked token");
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, caller.get());
    chain.doFilter(new AuthenticatedRequest(request, caller.get()), response);
  }

  private static boolean isHealth(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
  }

  /** The request as the servlet API sees it once its caller is known. */
  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final Caller caller;

    AuthenticatedRequest(HttpServletRequest request, Caller caller) {
      super(request);
      this.caller = caller;
    }

    @Override
    public Principal getUserPrincipal() {
      return caller::name;
    }

    @Override
    public String getRemoteUser() {
      return caller.name();
    }

    @Override
    public boolean isUserInRole(String role) {
      return caller.role().name().equals(role);
    }
  }

  private void reject(HttpServletResponse response, HttpServletRequest request, String detail)
      throws IOException {
    ProblemDetail problem = ProblemResponses.problem(401, detail);
    try {
      problem.setInstance(URI.create(request.getRequestURI()));
    } catch (IllegalArgumentException e) {
      // a path the URI grammar refuses is still refused, just without naming it
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry\"");
    ProblemResponses.write(response, problem);
  }
}
