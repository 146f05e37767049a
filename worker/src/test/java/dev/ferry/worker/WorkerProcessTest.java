package dev.ferry.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.Http;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worker process on a real dev server and PostgreSQL: healthy, polling, and exporting SDK
 * metrics.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerProcessTest {

  @RegisterExtension
  static final DevServerNamespace TEMPORAL = new DevServerNamespace(FerrySearchAttributes.ALL);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", TestDatabase::newDatabaseUrl);
    registry.add("spring.temporal.connection.target", TEMPORAL::target);
    registry.add("spring.temporal.namespace", TEMPORAL::name);
    registry.add("ferry.secrets.keys", () -> TestKeys.newKey("k1"));
  }

  @LocalServerPort int port;

  private String get(String path) throws Exception {
    Http.Resp response = new Http("http://127.0.0.1:" + port, null, null).get(path);
    assertThat(response.status()).as(path).isEqualTo(200);
    return response.body();
  }

  @Test
  void healthIsUpIncludingTemporal() throws Exception {
    String health = get("/actuator/health");
    assertThat(health).contains("\"status\":\"UP\"").contains("\"temporal\":{\"status\":\"UP\"");
  }

  @Test
  void exportsTemporalSdkMetrics() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("/actuator/prometheus"))
                    .contains("temporal_request_total")
                    .contains("operation=\"GetSystemInfo\""));
  }
}
