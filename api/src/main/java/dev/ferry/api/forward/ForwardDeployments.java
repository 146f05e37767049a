package dev.ferry.api.forward;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.auth.ForbiddenException;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.api.problem.QueryParams;
import dev.ferry.api.workflow.StoredStart;
import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.api.workflow.WorkflowRuns;
import dev.ferry.forward.store.DefaultDeviceLogins;
import dev.ferry.forward.store.DeploymentSummary;
import dev.ferry.forward.store.ForwardBastionRepository;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardDeploymentService.Submission;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.forward.workflow.DestroyRequest;
import dev.ferry.forward.workflow.ForwardDestroyWorkflow;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncProgress;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.forward.workflow.SyncResult;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Deployments synced to Forward: stores a submission and starts its sync, starts a destroy, and
 * reports both runs. One sync per deployment runs at a time; only its owner (or an admin) touches
 * it.
 */
@Service
public class ForwardDeployments {

  private final ForwardProfileRepository profiles;
  private final ForwardDeploymentRepository deployments;
  private final ForwardDeploymentService submissions;
  private final ForwardBastionRepository bastions;
  private final WorkflowClient client;
  private final WorkflowRuns runs;
  private final WorkflowLinks links;
  private final StoredStart storedStart;
  private final DefaultDeviceLogins logins;

  public ForwardDeployments(
      ForwardProfileRepository profiles,
      ForwardDeploymentRepository deployments,
      ForwardDeploymentService submissions,
      ForwardBastionRepository bastions,
      WorkflowClient client,
      WorkflowRuns runs,
      WorkflowLinks links,
      StoredStart storedStart,
      ForwardApiProperties properties) {
    this.profiles = profiles;
    this.deployments = deployments;
    this.submissions = submissions;
    this.bastions = bastions;
    this.client = client;
    this.runs = runs;
    this.links = links;
    this.storedStart = storedStart;
    this.logins = properties.logins();
  }

  public record Started(String workflowId, String runId, boolean alreadyRunning, String webUiUrl) {}

  public record DeploymentView(
      String workspace,
      String deployment,
      String deploymentType,
      String profile,
      String networkId,
      String networkName,
      int devices,
      int linuxHosts,
      OffsetDateTime syncedAt,
      String lastSnapshotId,
      RunView sync,
      RunView destroy) {}

  /**
   * A run: progress while it runs, the failure if it failed, and a completed sync's result (its
   * collection's task, status, snapshot and the devices Forward could not model).
   */
  public record RunView(
      String workflowId,
      String status,
      SyncProgress progress,
      String failure,
      SyncResult result,
      String webUiUrl) {}

  /**
   * Starts the sync, or joins the one running, whose device list must not change under it. The
   * start itself says which (no describe first), and it overlaps storing the submission: see {@link
   * StoredStart}. The deployment row is locked before the start goes out, so the run's first
   * activity waits for the commit ({@code ForwardDeploymentRepository.findCommitted}); a new
   * deployment's row is not visible to it before then either.
   */
  public Started sync(Caller caller, SyncBody body) {
    DeploymentInventory.check(body);
    String workflowId = SyncRequest.workflowId(body.workspace(), body.deployment());
    StoredStart.Outcome outcome =
        storedStart.start(
            () -> {
              // read in the start's transaction: one pooled connection for the request
              ForwardProfile profile = profile(caller, body.profile());
              DeploymentInventory.checkCollector(body, profile);
              Submission submission =
                  DeploymentInventory.submission(caller.userId(), profile.id(), body, logins);
              ForwardDeployment existing =
                  deployments.findForUpdate(body.workspace(), body.deployment()).orElse(null);
              if (existing != null) {
                requireOwner(caller, existing);
              }
              UUID id = existing == null ? UUID.randomUUID() : existing.id();
              // a new profile means another Forward account: the stored network id is dropped on
              // save
              String networkId =
                  existing != null && existing.profileId().equals(profile.id())
                      ? existing.networkId()
                      : null;
              ForwardSyncWorkflow workflow =
                  client.newWorkflowStub(
                      ForwardSyncWorkflow.class,
                      options(
                          workflowId,
                          caller.name(),
                          body.workspace(),
                          body.deployment(),
                          body.deploymentType(),
                          networkId));
              SyncRequest request =
                  new SyncRequest(
                      id.toString(),
                      caller.name(),
                      body.workspace(),
                      body.deployment(),
                      body.deploymentType(),
                      Boolean.TRUE.equals(body.noWaitCollection()));
              return new StoredStart.Prepared(
                  () -> WorkflowClient.start(workflow::sync, request),
                  () -> store(id, existing, submission, body.wantsBastion()));
            });
    return started(workflowId, outcome.execution(), outcome.alreadyRunning());
  }

  /** The submission's rows; a new deployment has no bastion request to withdraw. */
  private void store(
      UUID id, ForwardDeployment existing, Submission submission, boolean wantsBastion) {
    submissions.save(id, existing, submission, wantsBastion);
    if (wantsBastion) {
      bastions.request(id);
    } else if (existing != null) {
      bastions.withdraw(id);
    }
  }

  /**
   * The caller's deployments; an admin sees everyone's, optionally one owner's. Either may narrow
   * to one workspace. Only an admin may name another owner.
   */
  public List<DeploymentSummary> list(Caller caller, String owner, String workspace) {
    if (!caller.isAdmin() && owner != null && !owner.equals(caller.name())) {
      throw new ForbiddenException("only an admin may list another user's deployments");
    }
    String ownerFilter =
        caller.isAdmin()
            ? QueryParams.optional("owner", owner, QueryParams.USER_NAME, "a user name")
            : caller.name();
    String workspaceFilter =
        QueryParams.optional(
            "workspace", workspace, QueryParams.RESOURCE_NAME, "a workspace name (as in sync)");
    return deployments.list(ownerFilter, workspaceFilter);
  }

  /** Forward's state of the deployment and its latest sync (with progress) and destroy runs. */
  public DeploymentView status(Caller caller, String workspace, String deployment) {
    ForwardDeployment d = owned(caller, workspace, deployment);
    String profileName = profiles.findById(d.profileId()).map(ForwardProfile::name).orElse(null);
    return new DeploymentView(
        d.workspace(),
        d.name(),
        d.deploymentType(),
        profileName,
        d.networkId(),
        d.networkName(),
        deployments.deviceCount(d.id(), false),
        deployments.deviceCount(d.id(), true),
        d.syncedAt(),
        d.lastSnapshotId(),
        run(SyncRequest.workflowId(workspace, deployment), true),
        run(DestroyRequest.workflowId(workspace, deployment), false));
  }

  /** Removes the deployment's devices from Forward, or its whole network; never during a sync. */
  public Started destroy(
      Caller caller, String workspace, String deployment, boolean deleteNetwork) {
    ForwardDeployment d = owned(caller, workspace, deployment);
    if (runs.running(SyncRequest.workflowId(workspace, deployment)).isPresent()) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "a sync of this deployment is running; destroy after it");
    }
    String workflowId = DestroyRequest.workflowId(workspace, deployment);
    ForwardDestroyWorkflow workflow =
        client.newWorkflowStub(
            ForwardDestroyWorkflow.class,
            options(
                workflowId,
                caller.name(),
                workspace,
                deployment,
                d.deploymentType(),
                d.networkId()));
    try {
      return started(
          workflowId,
          WorkflowClient.start(
              workflow::destroy,
              new DestroyRequest(
                  d.id().toString(),
                  caller.name(),
                  workspace,
                  deployment,
                  d.deploymentType(),
                  deleteNetwork)),
          false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return started(workflowId, e.getExecution(), true);
    }
  }

  Started started(String workflowId, WorkflowExecution execution, boolean alreadyRunning) {
    return new Started(
        workflowId,
        execution.getRunId(),
        alreadyRunning,
        links.of(workflowId, execution.getRunId()));
  }

  /**
   * One run per id at a time: a start while one runs fails with that run's id, which the caller
   * answers as {@code alreadyRunning}.
   */
  static WorkflowOptions options(
      String workflowId,
      String owner,
      String workspace,
      String deployment,
      String type,
      String networkId) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(FerrySearchAttributes.OWNER, owner)
            .set(FerrySearchAttributes.WORKSPACE, workspace)
            .set(FerrySearchAttributes.DEPLOYMENT, deployment)
            .set(FerrySearchAttributes.DEPLOYMENT_TYPE, type);
    if (networkId != null) {
      attributes.set(FerrySearchAttributes.FORWARD_NETWORK_ID, networkId);
    }
    return WorkflowOptions.newBuilder()
        .setTaskQueue(FerryTaskQueues.MAIN)
        .setWorkflowId(workflowId)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setTypedSearchAttributes(attributes.build())
        .setStaticSummary(type + " deployment " + workspace + "/" + deployment + " → Forward")
        .build();
  }

  /**
   * The latest run with this id; progress only while it runs (and only syncs answer that query),
   * the reason only if it failed.
   */
  private RunView run(String workflowId, boolean reportsProgress) {
    Optional<WorkflowExecutionDescription> described = runs.describe(workflowId);
    if (described.isEmpty()) {
      return null;
    }
    WorkflowExecutionDescription description = described.get();
    WorkflowExecutionStatus status = description.getStatus();
    SyncProgress progress =
        reportsProgress && status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
            ? runs.query(description.getExecution(), "progress", SyncProgress.class).orElse(null)
            : null;
    String failure =
        status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
            ? runs.failure(workflowId).orElse(null)
            : null;
    SyncResult result =
        reportsProgress && status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
            ? runs.result(workflowId, SyncResult.class).orElse(null)
            : null;
    return new RunView(
        workflowId,
        WorkflowRuns.status(description),
        progress,
        failure,
        result,
        links.of(workflowId, description.getExecution().getRunId()));
  }

  private ForwardProfile profile(Caller caller, String name) {
    if (name == null || name.isBlank()) {
      return profiles
          .findDefault(caller.userId())
          .orElseThrow(
              () ->
                  new InvalidFieldException(
                      "profile", "you have no default Forward profile; create one first"));
    }
    return profiles
        .find(caller.userId(), name)
        .orElseThrow(
            () -> new InvalidFieldException("profile", "no Forward profile '" + name + "'"));
  }

  ForwardDeployment owned(Caller caller, String workspace, String deployment) {
    ForwardDeployment d =
        deployments
            .find(workspace, deployment)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "no Forward deployment " + workspace + "/" + deployment));
    requireOwner(caller, d);
    return d;
  }

  private static void requireOwner(Caller caller, ForwardDeployment d) {
    if (!caller.isAdmin() && !caller.userId().equals(d.ownerId())) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN,
          "deployment " + d.workspace() + "/" + d.name() + " belongs to another user");
    }
  }
}
