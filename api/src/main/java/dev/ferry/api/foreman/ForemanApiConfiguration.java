package dev.ferry.api.foreman;

import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanConfigService;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The platform's Foreman repositories and services live outside the API's scanned package. */
@Configuration
@Import({
  ForemanConfigRepository.class,
  ForemanConfigService.class,
  ForemanTestResultRepository.class,
  ForemanSnapshotRepository.class
})
class ForemanApiConfiguration {}
