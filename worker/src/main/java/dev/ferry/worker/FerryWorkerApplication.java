package dev.ferry.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The worker process: polls Ferry's task queue and runs workflows and activities. */
@SpringBootApplication(scanBasePackages = "dev.ferry")
public class FerryWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(FerryWorkerApplication.class, args);
  }
}
