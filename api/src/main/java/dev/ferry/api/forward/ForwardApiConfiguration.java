package dev.ferry.api.forward;

import dev.ferry.forward.store.ForwardBastionRepository;
import dev.ferry.forward.store.ForwardBastionService;
import dev.ferry.forward.store.ForwardCollectorRepository;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.forward.store.ForwardProfileService;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The API scans dev.ferry.api only; the Forward repositories and services live in platform. */
@Configuration
@Import({
  ForwardProfileRepository.class,
  ForwardProfileService.class,
  ForwardCollectorRepository.class,
  ForwardDeploymentRepository.class,
  ForwardDeploymentService.class,
  ForwardBastionRepository.class,
  ForwardBastionService.class
})
public class ForwardApiConfiguration {}
