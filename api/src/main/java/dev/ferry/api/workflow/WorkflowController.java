package dev.ferry.api.workflow;

import dev.ferry.api.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A Ferry run by id: what it is, where it stands, and its Web UI link. Only for its owner or an
 * admin; anyone else gets the same 404 as for a run that does not exist, since ids are guessable.
 */
@RestController
@RequestMapping("/api/workflows")
@Tag(name = "Workflows")
public class WorkflowController {

  private final WorkflowRuns runs;
  private final WorkflowLinks links;

  public WorkflowController(WorkflowRuns runs, WorkflowLinks links) {
    this.runs = runs;
    this.links = links;
  }

  public record WorkflowView(
      String workflowId,
      String runId,
      String type,
      String status,
      Instant startTime,
      Instant closeTime,
      Map<String, Object> searchAttributes,
      String webUiUrl) {}

  @GetMapping("/{*workflowId}")
  @Operation(
      summary = "Describe a workflow run you own, or any run as an admin (ids may contain '/')")
  public WorkflowView show(HttpServletRequest request, @PathVariable String workflowId) {
    String id = workflowId.startsWith("/") ? workflowId.substring(1) : workflowId;
    if (id.isBlank()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "workflow id missing");
    }
    return view(id, runs.requireVisibleTo(id, Caller.of(request)));
  }

  private WorkflowView view(String id, WorkflowExecutionDescription d) {
    return view(d, links);
  }

  /** The view of a run, from a describe or from a visibility list entry. */
  static WorkflowView view(WorkflowExecutionMetadata d, WorkflowLinks links) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    d.getTypedSearchAttributes()
        .getUntypedValues()
        .forEach((k, v) -> attributes.put(k.getName(), v));
    String id = d.getExecution().getWorkflowId();
    String runId = d.getExecution().getRunId();
    return new WorkflowView(
        id,
        runId,
        d.getWorkflowType(),
        WorkflowRuns.status(d),
        d.getStartTime(),
        d.getCloseTime(),
        attributes,
        links.of(id, runId));
  }
}
