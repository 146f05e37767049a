package dev.ferry.api.problem;

import java.io.IOException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * A refused CORS request (an origin, method or header that is not allowed) answers 403 problem+json
 * instead of Spring's plain-text "Invalid CORS request".
 */
@Configuration
public class ProblemCors {

  @Bean
  static BeanPostProcessor problemCorsProcessor() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractHandlerMapping mapping) {
          mapping.setCorsProcessor(new Processor());
        }
        return bean;
      }
    };
  }

  static final class Processor extends DefaultCorsProcessor {
    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
      response.setStatusCode(HttpStatus.FORBIDDEN);
      response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
      response
          .getBody()
          .write(
              ProblemResponses.json(
                  403,
                  "Cross-origin request refused: this origin, method or header is not allowed"));
      response.flush();
    }
  }
}
