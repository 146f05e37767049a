package dev.ferry.api.problem;

import java.io.IOException;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Requests Tomcat refuses before any servlet sees them (bad percent-encoding, overlong UTF-8, an
 * encoded NUL or a path that leaves the root) get problem+json too: the host's HTML error report
 * valve, Tomcat's and the one Spring Boot adds, is replaced by {@link ProblemReportValve}.
 */
@Configuration
public class ContainerProblems
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          Container host = context.getParent();
          for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
              host.getPipeline().removeValve(valve);
            }
          }
          if (host instanceof StandardHost standard) {
            // the host adds this class on start unless a valve of it is already in the pipeline
            standard.setErrorReportValveClass(ProblemReportValve.class.getName());
          }
          host.getPipeline().addValve(new ProblemReportValve());
        });
  }

  /** After Spring Boot's own customizer, which adds its error report valve. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** Tomcat's error report valve, answering problem+json instead of an HTML page. */
  public static class ProblemReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      String detail =
          status >= 500
              ? "An internal error occurred; it has been logged."
              : "The request was refused: " + reason(response);
      try {
        response.resetBuffer();
        ProblemResponses.write(response, status, detail);
        response.finishResponse();
      } catch (IOException | IllegalStateException e) {
        log.debug("Could not write the problem for a container error", e);
      }
    }

    private static String reason(Response response) {
      String message = response.getMessage();
      return message == null || message.isBlank() ? "malformed request" : message;
    }
  }
}
