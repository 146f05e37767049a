package dev.ferry.api.foreman;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository.StoredResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/foreman}: the stored result of each configuration's latest connection
 * test. It reads PostgreSQL only; the tests themselves run in the worker. A failing Foreman makes
 * this DEGRADED (HTTP 200), not DOWN: the API itself still works.
 */
@Component("foreman")
public class ForemanHealthIndicator extends AbstractHealthIndicator {

  public static final Status DEGRADED = new Status("DEGRADED", "a Foreman connection test failed");

  private final ForemanConfigRepository configs;
  private final ForemanTestResultRepository results;

  public ForemanHealthIndicator(
      ForemanConfigRepository configs, ForemanTestResultRepository results) {
    this.configs = configs;
    this.results = results;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<UUID, StoredResult> newest =
        results.newestPerConfig().stream()
            .collect(Collectors.toMap(StoredResult::configId, Function.identity()));
    Map<String, Object> details = new LinkedHashMap<>();
    boolean allOk = true;
    for (ForemanConfig config : configs.list()) {
      StoredResult result = newest.get(config.id());
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("baseUrl", config.baseUrl());
      if (result == null) {
        detail.put("outcome", "NOT_TESTED");
      } else {
        detail.put("outcome", result.outcome());
        detail.put("message", result.message());
        detail.put("testedAt", result.testedAt().toString());
        if (result.foremanVersion() != null) {
          detail.put("version", result.foremanVersion());
          detail.put("latencyMs", result.latencyMs());
        }
        allOk &= "OK".equals(result.outcome());
      }
      details.put(config.name(), detail);
    }
    builder.status(allOk ? Status.UP : DEGRADED).withDetails(details);
  }
}
