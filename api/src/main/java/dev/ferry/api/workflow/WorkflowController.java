package dev.ferry.api.workflow;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Any Ferry run by id: what it is, where it stands, and its Web UI link. */
@RestController
@RequestMapping("/api/workflows")
@Tag(name = "Workflows")
public class WorkflowController {

  private final WorkflowClient client;
  private final WorkflowLinks links;

  public WorkflowController(WorkflowClient client, WorkflowLinks links) {
    this.client = client;
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
  @Operation(summary = "Describe a workflow run (ids may contain '/')")
  public WorkflowView show(@PathVariable String workflowId) {
    String id = workflowId.startsWith("/") ? workflowId.substring(1) : workflowId;
    if (id.isBlank()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "workflow id missing");
    }
    WorkflowExecutionDescription d;
    try {
      d = client.newUntypedWorkflowStub(id).describe();
    } catch (WorkflowNotFoundException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no workflow '" + id + "'");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no workflow '" + id + "'");
      }
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Temporal unavailable: " + e.getStatus().getCode());
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    d.getTypedSearchAttributes()
        .getUntypedValues()
        .forEach((k, v) -> attributes.put(k.getName(), v));
    return new WorkflowView(
        id,
        d.getExecution().getRunId(),
        d.getWorkflowType(),
        d.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
        d.getStartTime(),
        d.getCloseTime(),
        attributes,
        links.of(id, d.getExecution().getRunId()));
  }
}
