package dev.ferry.api.foreman;

import dev.ferry.api.auth.Caller;
import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.workflow.ConnectionTestResult;
import dev.ferry.foreman.workflow.ForemanConnectionTestWorkflow;
import dev.ferry.workflow.FerrySearchAttributes;
import dev.ferry.workflow.FerryTaskQueues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connection tests on demand, and the schedule that runs them periodically. */
@RestController
@RequestMapping("/api/foreman")
@Tag(name = "Foreman")
public class ForemanTestController {

  private final WorkflowClient client;
  private final WorkflowLinks links;
  private final ForemanConfigRepository configs;
  private final ForemanTestSchedule schedule;
  private final ForemanApiProperties properties;

  public ForemanTestController(
      WorkflowClient client,
      WorkflowLinks links,
      ForemanConfigRepository configs,
      ForemanTestSchedule schedule,
      ForemanApiProperties properties) {
    this.client = client;
    this.links = links;
    this.configs = configs;
    this.schedule = schedule;
    this.properties = properties;
  }

  /** {@code result} is null while the test still runs (then the status is 202). */
  public record TestRun(String workflowId, String webUiUrl, ConnectionTestResult result) {}

  @PostMapping("/configs/{id}/test")
  @Operation(
      summary =
          "Test a configuration now: 200 with the outcome, or 202 if it takes longer than the wait")
  public ResponseEntity<TestRun> test(@PathVariable UUID id) {
    configs.find(id).orElseThrow(() -> ForemanConfigController.notFound(id));
    String workflowId = ForemanConnectionTestWorkflow.ID_PREFIX + id + "/" + UUID.randomUUID();
    ForemanConnectionTestWorkflow workflow =
        client.newWorkflowStub(
            ForemanConnectionTestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(FerryTaskQueues.MAIN)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(FerrySearchAttributes.FOREMAN_CONFIG, id.toString())
                        .build())
                .build());
    WorkflowExecution execution = WorkflowClient.start(workflow::test, id);
    String link = links.of(workflowId, execution.getRunId());
    try {
      ConnectionTestResult result =
          WorkflowStub.fromTyped(workflow)
              .getResult(
                  properties.testWait().toMillis(),
                  TimeUnit.MILLISECONDS,
                  ConnectionTestResult.class);
      return ResponseEntity.ok(new TestRun(workflowId, link, result));
    } catch (TimeoutException e) {
      return ResponseEntity.status(HttpStatus.ACCEPTED).body(new TestRun(workflowId, link, null));
    } catch (WorkflowFailedException e) {
      throw ForemanRunFailure.of(workflowId, e);
    }
  }

  @GetMapping("/schedule")
  @Operation(summary = "The periodic connection test schedule")
  public ForemanTestSchedule.State schedule() {
    return schedule.describe();
  }

  @PostMapping("/schedule/pause")
  @Operation(summary = "Pause the periodic tests (admin)")
  public ForemanTestSchedule.State pause(
      HttpServletRequest request, @RequestParam(defaultValue = "paused via API") String note) {
    Caller caller = Caller.of(request);
    caller.requireAdmin();
    schedule.pause(note + " (" + caller.name() + ")");
    return schedule.describe();
  }

  @PostMapping("/schedule/unpause")
  @Operation(summary = "Resume the periodic tests (admin)")
  public ForemanTestSchedule.State unpause(
      HttpServletRequest request, @RequestParam(defaultValue = "resumed via API") String note) {
    Caller caller = Caller.of(request);
    caller.requireAdmin();
    schedule.unpause(note + " (" + caller.name() + ")");
    return schedule.describe();
  }

  @PostMapping("/schedule/trigger")
  @Operation(summary = "Test every configuration now")
  public ResponseEntity<ForemanTestSchedule.State> trigger() {
    schedule.trigger();
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(schedule.describe());
  }
}
