package dev.ferry.api.forward;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.forward.store.DefaultDeviceLogins;
import dev.ferry.forward.store.DeploymentType;
import dev.ferry.forward.store.ForwardDeployment;
import dev.ferry.forward.store.ForwardDeploymentRepository;
import dev.ferry.forward.store.ForwardDeploymentService;
import dev.ferry.forward.store.ForwardDeploymentService.DeviceInput;
import dev.ferry.forward.store.ForwardDeploymentService.JumpInput;
import dev.ferry.forward.store.ForwardDeploymentService.Submission;
import dev.ferry.forward.store.ForwardProfile;
import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.forward.workflow.DestroyRequest;
import dev.ferry.forward.workflow.ForwardDestroyWorkflow;
import dev.ferry.forward.workflow.ForwardSyncWorkflow;
import dev.ferry.forward.workflow.SyncProgress;
import dev.ferry.forward.workflow.SyncRequest;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sync a deployment to Forward, see where it stands, destroy it there. Devices and their passwords
 * are stored here (passwords sealed in the secret store); the workflow gets only the deployment's
 * id.
 */
@RestController
@RequestMapping("/api/forward/deployments")
@Tag(name = "Forward")
public class ForwardDeploymentController {

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

  private final ForwardProfileRepository profiles;
  private final ForwardDeploymentRepository deployments;
  private final ForwardDeploymentService submissions;
  private final WorkflowClient client;
  private final WorkflowLinks links;

  public ForwardDeploymentController(
      ForwardProfileRepository profiles,
      ForwardDeploymentRepository deployments,
      ForwardDeploymentService submissions,
      WorkflowClient client,
      WorkflowLinks links) {
    this.profiles = profiles;
    this.deployments = deployments;
    this.submissions = submissions;
    this.client = client;
    this.links = links;
  }

  public record DeviceBody(
      @NotBlank @Size(max = 80) @Pattern(regexp = "[A-Za-z0-9._-]+") String name,
      @NotBlank @Size(max = 64) String kind,
      @NotBlank @Size(max = 253) String host,
      @Min(1) @Max(65535) Integer port,
      @Size(max = 200) String username,
      @Size(max = 500) String password) {}

  public record JumpServerBody(
      @NotBlank String host,
      @Min(1) @Max(65535) Integer port,
      @NotBlank String username,
      String password,
      String sshKey) {}

  public record SyncBody(
      @NotBlank @Size(max = 63) @Pattern(regexp = NAME) String workspace,
      @NotBlank @Size(max = 63) @Pattern(regexp = NAME) String deployment,
      @NotBlank String deploymentType,
      String profile,
      @NotNull @Size(max = 20000) List<@Valid DeviceBody> devices,
      @Size(max = 5000) List<@Valid DeviceBody> linuxHosts,
      @Valid JumpServerBody jumpServer) {}

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

  public record RunView(
      String workflowId, String status, SyncProgress progress, String failure, String webUiUrl) {}

  @PostMapping("/sync")
  @Operation(
      summary = "Start (or join) the sync of a deployment to Forward; 202 with the workflow id")
  public ResponseEntity<Started> sync(
      HttpServletRequest request, @Valid @RequestBody SyncBody body) {
    Caller caller = Caller.of(request);
    if (!DeploymentType.isKnown(body.deploymentType())) {
      throw new InvalidFieldException(
          "deploymentType",
          "must be one of "
              + java.util.Arrays.stream(DeploymentType.values())
                  .map(DeploymentType::id)
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    if (body.jumpServer() != null && !"byos".equals(body.deploymentType())) {
      throw new InvalidFieldException(
          "jumpServer", "only byos deployments reach devices through a jump server");
    }
    ForwardProfile profile = profile(caller, body.profile());
    deployments.find(body.workspace(), body.deployment()).ifPresent(d -> requireOwner(caller, d));

    String workflowId = SyncRequest.workflowId(body.workspace(), body.deployment());
    WorkflowExecution running = runningExecution(workflowId);
    if (running != null) {
      // One sync per deployment: while one runs, its device list must not change under it.
      return ResponseEntity.accepted()
          .body(
              new Started(
                  workflowId, running.getRunId(), true, links.of(workflowId, running.getRunId())));
    }
    checkNamesUnique(body);
    Submission submission =
        new Submission(
            caller.userId(),
            body.workspace(),
            body.deployment(),
            body.deploymentType(),
            profile.id(),
            devices(body.devices(), "devices"),
            devices(body.linuxHosts() == null ? List.of() : body.linuxHosts(), "linuxHosts"),
            jump(body.jumpServer()));
    UUID id = submissions.save(submission);

    ForwardSyncWorkflow workflow =
        client.newWorkflowStub(
            ForwardSyncWorkflow.class,
            options(
                workflowId, caller, body.workspace(), body.deployment(), body.deploymentType()));
    WorkflowExecution execution =
        WorkflowClient.start(
            workflow::sync,
            new SyncRequest(
                id.toString(),
                caller.name(),
                body.workspace(),
                body.deployment(),
                body.deploymentType()));
    return ResponseEntity.accepted()
        .body(
            new Started(
                workflowId,
                execution.getRunId(),
                false,
                links.of(workflowId, execution.getRunId())));
  }

  @GetMapping("/{workspace}/{deployment}")
  @Operation(
      summary =
          "Forward state of a deployment and its latest sync and destroy runs (with progress)")
  public DeploymentView status(
      HttpServletRequest request, @PathVariable String workspace, @PathVariable String deployment) {
    ForwardDeployment d = owned(request, workspace, deployment);
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

  @PostMapping("/{workspace}/{deployment}/destroy")
  @Operation(
      summary =
          "Remove the deployment's devices from Forward, or with deleteNetwork=true its whole network")
  public ResponseEntity<Started> destroy(
      HttpServletRequest request,
      @PathVariable String workspace,
      @PathVariable String deployment,
      @RequestParam(defaultValue = "false") boolean deleteNetwork) {
    Caller caller = Caller.of(request);
    ForwardDeployment d = owned(request, workspace, deployment);
    if (runningExecution(SyncRequest.workflowId(workspace, deployment)) != null) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "a sync of this deployment is running; destroy after it");
    }
    String workflowId = DestroyRequest.workflowId(workspace, deployment);
    ForwardDestroyWorkflow workflow =
        client.newWorkflowStub(
            ForwardDestroyWorkflow.class,
            options(workflowId, caller, workspace, deployment, d.deploymentType()));
    WorkflowExecution execution =
        WorkflowClient.start(
            workflow::destroy,
            new DestroyRequest(
                d.id().toString(),
                caller.name(),
                workspace,
                deployment,
                d.deploymentType(),
                deleteNetwork));
    return ResponseEntity.accepted()
        .body(
            new Started(
                workflowId,
                execution.getRunId(),
                false,
                links.of(workflowId, execution.getRunId())));
  }

  private WorkflowOptions options(
      String workflowId, Caller caller, String workspace, String deployment, String type) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(FerrySearchAttributes.OWNER, caller.name())
            .set(FerrySearchAttributes.WORKSPACE, workspace)
            .set(FerrySearchAttributes.DEPLOYMENT, deployment)
            .set(FerrySearchAttributes.DEPLOYMENT_TYPE, type);
    deployments
        .find(workspace, deployment)
        .map(ForwardDeployment::networkId)
        .ifPresent(network -> attributes.set(FerrySearchAttributes.FORWARD_NETWORK_ID, network));
    return WorkflowOptions.newBuilder()
        .setTaskQueue(FerryTaskQueues.MAIN)
        .setWorkflowId(workflowId)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(attributes.build())
        .setStaticSummary(type + " deployment " + workspace + "/" + deployment + " → Forward")
        .build();
  }

  private WorkflowExecution runningExecution(String workflowId) {
    WorkflowExecutionDescription description = describe(workflowId);
    return description != null
            && description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        ? description.getExecution()
        : null;
  }

  private WorkflowExecutionDescription describe(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe();
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Temporal unavailable: " + e.getStatus().getCode());
    }
  }

  private RunView run(String workflowId, boolean sync) {
    WorkflowExecutionDescription description = describe(workflowId);
    if (description == null) {
      return null;
    }
    String status = description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    SyncProgress progress = null;
    if (sync
        && description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      progress = progress(description.getExecution());
    }
    String failure =
        description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
            ? failure(workflowId)
            : null;
    return new RunView(
        workflowId,
        status,
        progress,
        failure,
        links.of(workflowId, description.getExecution().getRunId()));
  }

  /**
   * The progress query, with a short deadline: without a running worker nobody answers, and that is
   * fine.
   */
  private SyncProgress progress(WorkflowExecution execution) {
    try {
      QueryWorkflowResponse response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(3, java.util.concurrent.TimeUnit.SECONDS)
              .queryWorkflow(
                  QueryWorkflowRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(execution)
                      .setQuery(WorkflowQuery.newBuilder().setQueryType("progress"))
                      .build());
      return client
          .getOptions()
          .getDataConverter()
          .fromPayloads(
              0,
              java.util.Optional.of(response.getQueryResult()),
              SyncProgress.class,
              SyncProgress.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The innermost failure message of a failed run (e.g. Forward's own error text). */
  private String failure(String workflowId) {
    try {
      client
          .newUntypedWorkflowStub(workflowId)
          .getResult(2, java.util.concurrent.TimeUnit.SECONDS, Object.class);
      return null;
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return root instanceof io.temporal.failure.ApplicationFailure app
          ? app.getOriginalMessage()
          : root.getMessage();
    }
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

  private ForwardDeployment owned(HttpServletRequest request, String workspace, String deployment) {
    ForwardDeployment d =
        deployments
            .find(workspace, deployment)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "no Forward deployment " + workspace + "/" + deployment));
    requireOwner(Caller.of(request), d);
    return d;
  }

  private static void requireOwner(Caller caller, ForwardDeployment d) {
    if (!caller.isAdmin() && !caller.userId().equals(d.ownerId())) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN,
          "deployment " + d.workspace() + "/" + d.name() + " belongs to another user");
    }
  }

  /**
   * Fills in lab default logins and insists on one login per device kind (Forward gets one
   * credential per kind).
   */
  private static List<DeviceInput> devices(List<DeviceBody> bodies, String field) {
    Map<String, String> loginByKind = new HashMap<>();
    List<DeviceInput> out = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      DeviceBody b = bodies.get(i);
      String kind = b.kind().toLowerCase(Locale.ROOT);
      DefaultDeviceLogins.Login fallback = DefaultDeviceLogins.forKind(kind);
      String username =
          b.username() == null || b.username().isBlank() ? fallback.username() : b.username();
      String password =
          b.password() == null || b.password().isEmpty() ? fallback.password() : b.password();
      String previous = loginByKind.putIfAbsent(kind, username + "\u0000" + password);
      if (previous != null && !previous.equals(username + "\u0000" + password)) {
        throw new InvalidFieldException(
            field + "[" + i + "].password",
            "devices of kind '"
                + kind
                + "' must share one login (Forward gets one credential per kind)");
      }
      out.add(new DeviceInput(b.name(), kind, b.host(), b.port(), username, password));
    }
    return out;
  }

  private static void checkNamesUnique(SyncBody body) {
    Set<String> seen = new HashSet<>();
    List<DeviceBody> all = new ArrayList<>(body.devices());
    if (body.linuxHosts() != null) {
      all.addAll(body.linuxHosts());
    }
    for (DeviceBody d : all) {
      if (!seen.add(d.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidFieldException(
            "devices", "name '" + d.name() + "' is used twice (names ignore case)");
      }
    }
  }

  private static JumpInput jump(JumpServerBody body) {
    if (body == null) {
      return null;
    }
    boolean hasPassword = body.password() != null && !body.password().isBlank();
    boolean hasKey = body.sshKey() != null && !body.sshKey().isBlank();
    if (hasPassword == hasKey) {
      throw new InvalidFieldException("jumpServer", "give exactly one of password or sshKey");
    }
    return new JumpInput(
        body.host(),
        body.port(),
        body.username(),
        hasKey ? body.sshKey() : body.password(),
        hasKey);
  }
}
