package dev.ferry.api.fort;

import dev.ferry.fort.FortClusterRepository;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The API's application scans only dev.ferry.api; the Fort repositories live in the platform. */
@Configuration
@ComponentScan(basePackageClasses = FortClusterRepository.class)
class FortApiConfiguration {}
