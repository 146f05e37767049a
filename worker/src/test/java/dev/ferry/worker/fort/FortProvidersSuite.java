package dev.ferry.worker.fort;

import dev.ferry.fort.store.AgentCertificates;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.worker.FerryWorkerApplication;
import dev.ferry.workflow.FerrySearchAttributes;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real worker for provider suites: its subclasses share one Spring context (same
 * configuration), so one database, one Temporal namespace and one set of workers serve them all.
 * Each test builds its own {@link FortWorld} (a cluster of its own).
 */
@SpringBootTest(
    classes = FerryWorkerApplication.class,
    properties = {"server.port=0", "ferry.fort.agent-timeout=3s"})
abstract class FortProvidersSuite {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    String database = TestDatabase.newDatabaseUrl();
    registry.add("spring.datasource.url", () -> database);
    registry.add("spring.temporal.connection.target", TEMPORAL::target);
    registry.add("spring.temporal.namespace", TEMPORAL::name);
    registry.add("ferry.secrets.keys", () -> TestKeys.newKey("k1"));
  }

  @Autowired FortClusterRepository clusters;
  @Autowired AgentCertificates certificates;
  @Autowired FortStateRepository state;
  @Autowired FortAuditLog audit;
  @Autowired SecretStore secrets;
  @Autowired WorkflowClient client;
}
