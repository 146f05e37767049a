package dev.ferry.api.forward;

import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardProfileRepository;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The API scans dev.ferry.api only; the Forward repositories live in platform. */
@Configuration
@Import({ForwardProfileRepository.class, ForwardDeploymentRepository.class})
public class ForwardApiConfiguration {}
