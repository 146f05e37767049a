package dev.ferry.api.fort;

import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortClusterProvisioning;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortNames;
import dev.ferry.fort.store.FortRefusals;
import dev.ferry.fort.store.FortStateRepository;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API's application scans only dev.ferry.api; the Fort repositories and services live in the
 * platform.
 */
@Configuration
@Import({
  FortClusterRepository.class,
  FortClusterProvisioning.class,
  FortStateRepository.class,
  FortAuditLog.class,
  FortNames.class,
  FortRefusals.class,
  AgentCertificates.class
})
class FortApiConfiguration {}
