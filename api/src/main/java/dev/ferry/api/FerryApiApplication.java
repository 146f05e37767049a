package dev.ferry.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Ferry API: authenticates callers and starts or queries workflows. It never calls remote
 * systems.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FerryApiApplication {
  public static void main(String[] args) {
    SpringApplication.run(FerryApiApplication.class, args);
  }
}
