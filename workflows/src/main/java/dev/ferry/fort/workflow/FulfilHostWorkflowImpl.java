package dev.ferry.fort.workflow;

import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Works through a host's tasks. Revocations first, the public proxy entry before the credentials
 * behind it; then deliveries, credentials first (OIDC, certificates, tokens) and the proxy last, so
 * a service is public only once it can authenticate, and the agent's own certificate after
 * everything else sent through it. One failed task does not stop the rest.
 */
@WorkflowImpl(taskQueues = FerryTaskQueues.MAIN)
public class FulfilHostWorkflowImpl implements FulfilHostWorkflow {

  private static final ActivityOptions DELIVERY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  private final ForgeActivities forge = Workflow.newActivityStub(ForgeActivities.class, DELIVERY);
  private final BeaconActivities beacon =
      Workflow.newActivityStub(BeaconActivities.class, DELIVERY);
  private final FortInventoryActivities inventory =
      Workflow.newActivityStub(FortInventoryActivities.class, DELIVERY);

  @Override
  public HostReport fulfil(HostWork work) {
    List<NeedTask> ordered = new ArrayList<>(work.tasks());
    ordered.sort(
        Comparator.comparing(NeedTask::action, Comparator.reverseOrder())
            .thenComparing(
                t ->
                    t.action() == NeedTask.Action.REVOKE
                        ? -t.need().ordinal()
                        : t.need().ordinal()));
    List<TaskOutcome> outcomes = new ArrayList<>();
    for (NeedTask task : ordered) {
      try {
        outcomes.add(run(work, task));
      } catch (ActivityFailure e) {
        String message = rootMessage(e);
        inventory.recordFailure(
            work.cluster(),
            work.host(),
            task.serviceName(),
            task.action().name().toLowerCase() + " " + task.need().id(),
            message);
        outcomes.add(
            new TaskOutcome(
                task.serviceName(),
                task.need().id(),
                task.action().name().toLowerCase(),
                "failed",
                message));
      }
    }
    return new HostReport(work.host(), outcomes);
  }

  private TaskOutcome run(HostWork work, NeedTask task) {
    if (task.action() == NeedTask.Action.REVOKE) {
      return task.need() == Need.PROXY ? beacon.removeProxy(work, task) : forge.revoke(work, task);
    }
    return switch (task.need()) {
      case OIDC -> forge.ensureOidcClient(work, task);
      case TLS -> forge.ensureCertificate(work, task);
      case GIT_TOKEN -> forge.ensureGitToken(work, task);
      case PROXY -> beacon.ensureProxy(work, task);
      case AGENT_TLS -> forge.ensureAgentCertificate(work, task);
    };
  }

  private static String rootMessage(ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause == null ? e.getMessage() : cause.getMessage();
  }
}
