package dev.ferry.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem+json answer straight to the servlet response, for refusals that happen outside
 * Spring MVC's exception handling: the container's own errors, CORS refusals and failed
 * authentication.
 */
public final class ProblemResponses {

  static final String CONTENT_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemResponses() {}

  public static ProblemDetail problem(int status, String detail) {
    HttpStatus known = HttpStatus.resolve(status);
    ProblemDetail problem = ProblemDetail.forStatus(status);
    problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
    problem.setDetail(detail);
    return problem;
  }

  static byte[] json(int status, String detail) {
    return json(problem(status, detail));
  }

  private static byte[] json(ProblemDetail problem) {
    try {
      return JSON.writeValueAsBytes(problem);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void write(HttpServletResponse response, int status, String detail) throws IOException {
    write(response, problem(status, detail));
  }

  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    byte[] body = json(problem);
    response.setStatus(problem.getStatus());
    response.setContentType(CONTENT_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
