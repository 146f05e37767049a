package dev.ferry.api.fort;

import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortNames;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.workflow.FulfilHostWorkflow;
import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reconcile cycles on demand, rotation (mark the credentials, then run a cycle) and transfers (move
 * a service's bindings, then run a cycle).
 */
@Service
public class FortCycles {

  private final FortStateRepository state;
  private final FortNames names;
  private final FortAuditLog audit;
  private final WorkflowClient client;
  private final WorkflowLinks links;

  public FortCycles(
      FortStateRepository state,
      FortNames names,
      FortAuditLog audit,
      WorkflowClient client,
      WorkflowLinks links) {
    this.state = state;
    this.names = names;
    this.audit = audit;
    this.client = client;
    this.links = links;
  }

  public record Started(String workflowId, String runId, String webUiUrl, String hostRunsPrefix) {}

  /** Starts a cycle now, next to the schedule's (each run has its own id). */
  public Started start(String cluster) {
    String id = "fort-cycle/" + cluster + "/" + UUID.randomUUID();
    ReconcileClusterWorkflow cycle =
        client.newWorkflowStub(
            ReconcileClusterWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(FerrySearchAttributes.CLUSTER, cluster)
                        .build())
                .build());
    WorkflowExecution run = WorkflowClient.start(cycle::reconcile, cluster);
    return new Started(
        id,
        run.getRunId(),
        links.of(id, run.getRunId()),
        FulfilHostWorkflow.workflowId(cluster, ""));
  }

  /**
   * Marks a host's delivered credentials (optionally one service's) for re-issue and starts the
   * cycle that re-delivers them; 404 when nothing was delivered there.
   */
  public Started rotate(String cluster, String host, String service, String requestedBy) {
    int marked = state.requestRotation(cluster, host, service);
    if (marked == 0) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND,
          "nothing delivered to rotate on " + host + (service == null ? "" : " for " + service));
    }
    audit.record(
        cluster,
        host,
        service,
        "rotate.request",
        "accepted",
        marked + " credentials, by " + requestedBy);
    return start(cluster);
  }

  /**
   * Moves a service's names and OIDC client from one host to another (see {@link
   * FortNames#transfer}) and starts the cycle that delivers to the new host and revokes on the old;
   * 404 when the service owns no name on {@code fromHost}.
   */
  public Started transfer(
      String cluster, String fromHost, String service, String toHost, String requestedBy) {
    int moved = names.transfer(cluster, fromHost, service, toHost);
    if (moved == 0) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "service " + service + " owns no name on " + fromHost);
    }
    audit.record(
        cluster,
        fromHost,
        service,
        "service.transfer",
        "accepted",
        moved + " name(s) and the OIDC client to " + toHost + ", by " + requestedBy);
    return start(cluster);
  }
}
