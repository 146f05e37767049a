package dev.ferry.api.forward;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.forward.ForwardDeployments.Started;
import dev.ferry.forward.store.ForwardBastion;
import dev.ferry.forward.store.ForwardBastionRepository;
import dev.ferry.forward.store.ForwardBastionService;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Rotates the key of the Ferry bastion a deployment uses: a new key pair replaces the old one in
 * the secret store, then every deployment on that bastion is synced, which applies the new public
 * key to the bastion and replaces its jump server in Forward. A sync already running is joined; it
 * picks the new key up only if it has not passed its bastion step yet.
 */
@Service
public class ForwardBastionRotation {

  /** The rotated bastion and the syncs that carry the new key out. */
  public record Rotated(String bastion, List<Started> syncs) {}

  private final ForwardDeployments deployments;
  private final ForwardBastionRepository bastions;
  private final ForwardBastionService keys;
  private final WorkflowClient client;

  public ForwardBastionRotation(
      ForwardDeployments deployments,
      ForwardBastionRepository bastions,
      ForwardBastionService keys,
      WorkflowClient client) {
    this.deployments = deployments;
    this.bastions = bastions;
    this.keys = keys;
    this.client = client;
  }

  public Rotated rotate(Caller caller, String workspace, String deployment) {
    ForwardDeployment d = deployments.owned(caller, workspace, deployment);
    ForwardBastion bastion =
        bastions
            .forDeployment(d.id())
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "deployment "
                            + workspace
                            + "/"
                            + deployment
                            + " has no Ferry bastion (sync it with bastion: true first)"));
    keys.rotate(bastion);
    List<Started> syncs = new ArrayList<>();
    for (ForwardBastionRepository.User user : bastions.users(bastion.id())) {
      String workflowId = SyncRequest.workflowId(user.workspace(), user.name());
      ForwardSyncWorkflow sync =
          client.newWorkflowStub(
              ForwardSyncWorkflow.class,
              ForwardDeployments.options(
                  workflowId, user.owner(), user.workspace(), user.name(), user.type(), null));
      SyncRequest request =
          new SyncRequest(
              user.deploymentId().toString(),
              user.owner(),
              user.workspace(),
              user.name(),
              user.type());
      try {
        syncs.add(
            deployments.started(workflowId, WorkflowClient.start(sync::sync, request), false));
      } catch (WorkflowExecutionAlreadyStarted e) {
        syncs.add(deployments.started(workflowId, e.getExecution(), true));
      }
    }
    return new Rotated(bastion.name(), syncs);
  }
}
