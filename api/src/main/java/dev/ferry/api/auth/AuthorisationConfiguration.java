package dev.ferry.api.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link AuthorisationInterceptor} in front of every controller. */
@Configuration
class AuthorisationConfiguration implements WebMvcConfigurer {

  private final AuthorisationInterceptor interceptor;

  AuthorisationConfiguration(AuthorisationInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(interceptor);
  }
}
