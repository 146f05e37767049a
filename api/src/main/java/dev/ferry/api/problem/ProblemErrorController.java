package dev.ferry.api.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}): errors raised outside Spring MVC (a filter
 * that fails, {@code sendError} from the container) leave as problem+json like every other error.
 * It replaces Spring Boot's HTML/JSON error controller.
 */
@RestController
@Hidden
public class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:${error.path:/error}}")
  public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (code == null) {
      // asked for directly, not dispatched by the container: there is nothing here
      return ResponseEntity.status(404)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(ProblemResponses.problem(404, "No such resource."));
    }
    if (DatabaseUnavailable.causedBy(
        (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
      return DatabaseUnavailable.response();
    }
    int status = code instanceof Integer i && i >= 400 ? i : 500;
    String detail =
        status >= 500 ? "An internal error occurred; it has been logged." : reason(request);
    ProblemDetail problem = ProblemResponses.problem(status, detail);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static String reason(HttpServletRequest request) {
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    return message instanceof String s && !s.isBlank() ? s : "The request was refused.";
  }
}
