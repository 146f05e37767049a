package dev.ferry.foreman.activity;

import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanTestResultRepository;
import dev.ferry.foreman.workflow.ConnectionOutcome;
import dev.ferry.foreman.workflow.ConnectionTestResult;
import dev.ferry.foreman.workflow.ForemanConnectionActivities;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForemanConnectionActivitiesImpl implements ForemanConnectionActivities {

  private static final Logger log = LoggerFactory.getLogger(ForemanConnectionActivitiesImpl.class);

  private final ForemanClients clients;
  private final ForemanConfigRepository configs;
  private final ForemanTestResultRepository results;
  private final ForemanProperties properties;

  public ForemanConnectionActivitiesImpl(
      ForemanClients clients,
      ForemanConfigRepository configs,
      ForemanTestResultRepository results,
      ForemanProperties properties) {
    this.clients = clients;
    this.configs = configs;
    this.results = results;
    this.properties = properties;
  }

  @Override
  public ConnectionTestResult testConnection(UUID configId) {
    ForemanConfig config =
        configs.find(configId).orElseThrow(() -> ForemanFailures.configurationGone(configId));
    Instant testedAt = Instant.now();
    ForemanClient client = clients.forConfig(config);
    ConnectionTestResult result;
    try {
      ForemanClient.Status status = client.status();
      List<String> missing = missingPermissions(client);
      result =
          missing.isEmpty()
              ? new ConnectionTestResult(
                  ConnectionOutcome.OK,
                  "Connected to Foreman " + status.version() + " as " + config.username(),
                  status.version(),
                  status.latencyMs(),
                  List.of(),
                  testedAt)
              : new ConnectionTestResult(
                  ConnectionOutcome.PERMISSION_DENIED,
                  "Foreman "
                      + status.version()
                      + " accepted the credentials, but user "
                      + config.username()
                      + " lacks: "
                      + String.join(", ", missing),
                  status.version(),
                  status.latencyMs(),
                  missing,
                  testedAt);
    } catch (RemoteException e) {
      result =
          new ConnectionTestResult(
              outcome(e), describe(e), null, null, ForemanClient.missingPermissions(e), testedAt);
    } catch (NotForemanException e) {
      result =
          new ConnectionTestResult(
              ConnectionOutcome.NOT_FOREMAN, e.getMessage(), null, null, List.of(), testedAt);
    }
    log.info(
        "Foreman connection test of '{}' ({}): {}",
        config.name(),
        config.baseUrl(),
        result.outcome());
    return result;
  }

  /** Probes the two lists the inventory reads; 403 names what the user's roles lack. */
  private static List<String> missingPermissions(ForemanClient client) {
    Set<String> missing = new LinkedHashSet<>();
    for (Runnable probe :
        List.<Runnable>of(
            () -> client.hosts("", 1, 1, true), () -> client.computeResources(1, 1))) {
      try {
        probe.run();
      } catch (RemoteException e) {
        if (e.kind() != FailureKind.PERMISSION_DENIED) {
          throw e;
        }
        List<String> named = ForemanClient.missingPermissions(e);
        missing.addAll(named.isEmpty() ? List.of("(unnamed by Foreman)") : named);
      }
    }
    return List.copyOf(missing);
  }

  private static ConnectionOutcome outcome(RemoteException e) {
    return switch (e.kind()) {
      case BAD_CREDENTIALS -> ConnectionOutcome.BAD_CREDENTIALS;
      case PERMISSION_DENIED -> ConnectionOutcome.PERMISSION_DENIED;
      case TLS -> ConnectionOutcome.TLS_FAILURE;
      case UNREACHABLE -> ConnectionOutcome.UNREACHABLE;
      case TIMEOUT -> ConnectionOutcome.TIMEOUT;
      default -> ConnectionOutcome.UNEXPECTED_RESPONSE;
    };
  }

  private static String describe(RemoteException e) {
    return switch (e.kind()) {
      case BAD_CREDENTIALS -> "Authentication failed: " + e.getMessage();
      case PERMISSION_DENIED -> "Permission denied: " + e.getMessage();
      default -> e.getMessage();
    };
  }

  @Override
  public void recordTestResult(String testId, UUID configId, ConnectionTestResult result) {
    results.record(
        new ForemanTestResultRepository.StoredResult(
            testId,
            configId,
            result.testedAt().atOffset(ZoneOffset.UTC),
            result.outcome().name(),
            result.message(),
            result.foremanVersion(),
            result.latencyMs(),
            result.missingPermissions()),
        properties.testResultsKept());
  }

  @Override
  public List<UUID> listConfigIds() {
    return configs.ids();
  }
}
