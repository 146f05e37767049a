package dev.ferry.api.forward;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.forward.ForwardDeployments.DeploymentView;
import dev.ferry.api.forward.ForwardDeployments.Started;
import dev.ferry.forward.store.DeploymentSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync a deployment to Forward, see where it stands, destroy it there; {@link ForwardDeployments}
 * does the work.
 */
@RestController
@RequestMapping("/api/forward/deployments")
@Tag(name = "Forward")
public class ForwardDeploymentController {

  private final ForwardDeployments deployments;
  private final ForwardBastionRotation bastions;

  public ForwardDeploymentController(
      ForwardDeployments deployments, ForwardBastionRotation bastions) {
    this.deployments = deployments;
    this.bastions = bastions;
  }

  @GetMapping
  @Operation(
      summary =
          "Your deployments; an admin sees everyone's, filterable by owner. Both filter by"
              + " workspace")
  public List<DeploymentSummary> list(
      HttpServletRequest request,
      @RequestParam(required = false) String owner,
      @RequestParam(required = false) String workspace) {
    return deployments.list(Caller.of(request), owner, workspace);
  }

  @PostMapping("/sync")
  @Operation(
      summary = "Start (or join) the sync of a deployment to Forward; 202 with the workflow id")
  public ResponseEntity<Started> sync(
      HttpServletRequest request, @Valid @RequestBody SyncBody body) {
    return ResponseEntity.accepted().body(deployments.sync(Caller.of(request), body));
  }

  @GetMapping("/{workspace}/{deployment}")
  @Operation(
      summary =
          "Forward state of a deployment and its latest sync and destroy runs (with progress)")
  public DeploymentView status(
      HttpServletRequest request, @PathVariable String workspace, @PathVariable String deployment) {
    return deployments.status(Caller.of(request), workspace, deployment);
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
    return ResponseEntity.accepted()
        .body(deployments.destroy(Caller.of(request), workspace, deployment, deleteNetwork));
  }

  @PostMapping("/{workspace}/{deployment}/bastion/rotate")
  @Operation(
      summary =
          "Rotate the key of the Ferry bastion the deployment uses; 202 with the syncs of every"
              + " deployment on that bastion, which carry the new key out")
  public ResponseEntity<ForwardBastionRotation.Rotated> rotateBastion(
      HttpServletRequest request, @PathVariable String workspace, @PathVariable String deployment) {
    return ResponseEntity.accepted()
        .body(bastions.rotate(Caller.of(request), workspace, deployment));
  }
}
