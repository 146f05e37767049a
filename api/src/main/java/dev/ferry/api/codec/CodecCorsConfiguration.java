package dev.ferry.api.codec;

import dev.ferry.api.auth.FerryApiProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets the Temporal Web UI's origin call the codec routes from the browser. */
@Configuration
public class CodecCorsConfiguration implements WebMvcConfigurer {

  private final FerryApiProperties properties;

  public CodecCorsConfiguration(FerryApiProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    registry
        .addMapping("/codec/**")
        .allowedOrigins(properties.uiOrigins().toArray(String[]::new))
        .allowedMethods("POST", "OPTIONS")
        .allowedHeaders("Content-Type", "X-Namespace", "Authorization")
        .allowCredentials(true)
        .maxAge(3600);
  }
}
