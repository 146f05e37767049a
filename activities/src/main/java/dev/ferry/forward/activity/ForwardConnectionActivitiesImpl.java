package dev.ferry.forward.activity;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ConnectionStatus;
import dev.ferry.forward.workflow.ForwardConnectionActivities;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardConnectionActivitiesImpl implements ForwardConnectionActivities {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

  private final ForwardClients clients;

  public ForwardConnectionActivitiesImpl(ForwardClients clients) {
    this.clients = clients;
  }

  @Override
  public ConnectionOutcome test(String profileId) {
    ForwardProfile profile = clients.profile(profileId);
    ForwardClient client;
    try {
      client = clients.forProfile(profile, PROBE_TIMEOUT);
    } catch (ApplicationFailure e) {
      return new ConnectionOutcome(ConnectionStatus.TLS_FAILURE, null, e.getOriginalMessage());
    }
    return probe(client, profile.baseUrl());
  }

  /** GET /api/version answers both "is it there" and "do these credentials work". */
  static ConnectionOutcome probe(ForwardClient client, String baseUrl) {
    try {
      String version = client.version().path("version").asText("");
      return new ConnectionOutcome(
          ConnectionStatus.OK, version, "connected to Forward " + version + " at " + baseUrl);
    } catch (RemoteException e) {
      return switch (e.kind()) {
        case BAD_CREDENTIALS, PERMISSION_DENIED ->
            new ConnectionOutcome(
                ConnectionStatus.BAD_CREDENTIALS,
                null,
                "Forward authentication failed: " + e.getMessage());
        case TLS -> unreached(ConnectionStatus.TLS_FAILURE, baseUrl, e);
        case TIMEOUT -> unreached(ConnectionStatus.TIMEOUT, baseUrl, e);
        default -> unreached(ConnectionStatus.UNREACHABLE, baseUrl, e);
      };
    }
  }

  private static ConnectionOutcome unreached(
      ConnectionStatus status, String baseUrl, RemoteException e) {
    return new ConnectionOutcome(
        status, null, "failed to reach Forward at " + baseUrl + ": " + e.getMessage());
  }
}
