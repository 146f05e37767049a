package dev.ferry.forward.activity;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ConnectionStatus;
import dev.ferry.forward.workflow.ForwardConnectionActivities;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
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
    } catch (ForwardApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        return new ConnectionOutcome(
            ConnectionStatus.BAD_CREDENTIALS,
            null,
            "Forward authentication failed: " + e.getMessage());
      }
      return new ConnectionOutcome(
          ConnectionStatus.UNREACHABLE, null, "Forward answered " + e.getMessage());
    } catch (ForwardTransportException e) {
      return new ConnectionOutcome(
          classify(e.getCause()),
          null,
          "failed to reach Forward at " + baseUrl + ": " + e.getCause().getMessage());
    }
  }

  static ConnectionStatus classify(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return ConnectionStatus.TLS_FAILURE;
      }
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException) {
        return ConnectionStatus.UNREACHABLE;
      }
      if (t instanceof InterruptedIOException) {
        return ConnectionStatus.TIMEOUT;
      }
    }
    return ConnectionStatus.UNREACHABLE;
  }
}
