package dev.ferry.forward.activity;

import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.workflow.ConnectionOutcome;
import dev.ferry.forward.workflow.ConnectionStatus;
import dev.ferry.forward.workflow.ForwardConnectionActivities;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.RemoteException;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = FerryTaskQueues.MAIN)
public class ForwardConnectionActivitiesImpl implements ForwardConnectionActivities {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
  private static final SecureRandom RANDOM = new SecureRandom();

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

  /**
   * GET /api/version answers both "is it there" and "do these credentials work"; then what a sync
   * needs the account to be allowed ({@link #permissionProblem}).
   */
  static ConnectionOutcome probe(ForwardClient client, String baseUrl) {
    try {
      String version = client.version().path("version").asText("");
      String problem = permissionProblem(client);
      if (problem != null) {
        return new ConnectionOutcome(ConnectionStatus.INSUFFICIENT_PERMISSION, version, problem);
      }
      return new ConnectionOutcome(
          ConnectionStatus.OK, version, "connected to Forward " + version + " at " + baseUrl);
    } catch (RemoteException e) {
      return switch (e.kind()) {
        case BAD_CREDENTIALS ->
            new ConnectionOutcome(
                ConnectionStatus.BAD_CREDENTIALS,
                null,
                "Forward authentication failed: " + e.getMessage());
        case PERMISSION_DENIED ->
            new ConnectionOutcome(
                ConnectionStatus.INSUFFICIENT_PERMISSION,
                null,
                "Forward refused the account: " + e.getMessage());
        case TLS -> unreached(ConnectionStatus.TLS_FAILURE, baseUrl, e);
        case TIMEOUT -> unreached(ConnectionStatus.TIMEOUT, baseUrl, e);
        default -> unreached(ConnectionStatus.UNREACHABLE, baseUrl, e);
      };
    }
  }

  /**
   * Forward has no operation that lists an account's permissions, so the test makes the calls a
   * sync makes: it lists collectors (as Skyforge's connection test does, forward-api.md §9) and
   * creates and deletes a network named {@code ferry-permission-check-<hex>} ({@code
   * createNetwork}, {@code deleteNetwork}). A 403 on either is the missing permission, with
   * Forward's text; null when the account may do both.
   */
  private static String permissionProblem(ForwardClient client) {
    try {
      client.collectors();
    } catch (RemoteException e) {
      if (e.kind() == FailureKind.PERMISSION_DENIED) {
        return "the account cannot manage collectors: " + e.getMessage();
      }
      throw e;
    }
    String name = "ferry-permission-check-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
    String networkId;
    try {
      networkId = client.createNetwork(name).path("id").asText();
    } catch (RemoteException e) {
      if (e.kind() == FailureKind.PERMISSION_DENIED) {
        return "the account cannot create networks: " + e.getMessage();
      }
      if (ForwardClient.isConflict(e)) {
        return null; // the name is taken: creating was allowed
      }
      throw e;
    }
    try {
      client.deleteNetwork(networkId);
    } catch (RemoteException e) {
      if (e.kind() == FailureKind.PERMISSION_DENIED) {
        return "the account can create networks but not delete them (network "
            + networkId
            + " '"
            + name
            + "' is left over): "
            + e.getMessage();
      }
      throw e;
    }
    return null;
  }

  private static ConnectionOutcome unreached(
      ConnectionStatus status, String baseUrl, RemoteException e) {
    return new ConnectionOutcome(
        status, null, "failed to reach Forward at " + baseUrl + ": " + e.getMessage());
  }
}
