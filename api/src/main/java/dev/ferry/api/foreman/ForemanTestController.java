package dev.ferry.api.foreman;

import dev.ferry.api.auth.AdminOnly;
import dev.ferry.api.auth.Caller;
import dev.ferry.api.foreman.ForemanConnectionTests.TestRun;
import dev.ferry.api.schedule.Schedules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connection tests on demand, and the schedule that runs them periodically. All admin-only: a test
 * logs in to Foreman with the stored service account, and failures count toward Foreman's lockout.
 */
@RestController
@RequestMapping("/api/foreman")
@Tag(name = "Foreman")
@AdminOnly
public class ForemanTestController {

  /** A schedule note is a short reason; Temporal refuses long ones. */
  private static final int MAX_NOTE = 500;

  private final ForemanConnectionTests tests;
  private final ForemanTestSchedule schedule;
  private final Schedules schedules;

  public ForemanTestController(
      ForemanConnectionTests tests, ForemanTestSchedule schedule, Schedules schedules) {
    this.tests = tests;
    this.schedule = schedule;
    this.schedules = schedules;
  }

  @PostMapping("/configs/{id}/test")
  @Operation(
      summary =
          "Test a configuration now (admin): 200 with the outcome, 202 if it takes longer than the"
              + " wait, 429 within the minimum interval of its last test")
  public ResponseEntity<TestRun> test(@PathVariable UUID id) {
    TestRun run = tests.run(id);
    return ResponseEntity.status(run.result() == null ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(run);
  }

  @GetMapping("/schedule")
  @Operation(summary = "The periodic connection test schedule (admin)")
  public ForemanTestSchedule.State schedule() {
    return schedule.describe();
  }

  @PostMapping("/schedule/pause")
  @Operation(summary = "Pause the periodic tests (admin)")
  public ForemanTestSchedule.State pause(
      HttpServletRequest request,
      @RequestParam(defaultValue = "paused via API") @Size(max = MAX_NOTE) String note) {
    Caller caller = Caller.of(request);
    schedules.pause(schedule.id(), note + " (" + caller.name() + ")");
    return schedule.describe();
  }

  @PostMapping("/schedule/resume")
  @Operation(summary = "Resume the periodic tests (admin)")
  public ForemanTestSchedule.State resume(
      HttpServletRequest request,
      @RequestParam(defaultValue = "resumed via API") @Size(max = MAX_NOTE) String note) {
    Caller caller = Caller.of(request);
    schedules.resume(schedule.id(), note + " (" + caller.name() + ")");
    return schedule.describe();
  }

  @PostMapping("/schedule/trigger")
  @Operation(
      summary =
          "Test every configuration now (admin); 429 while any was tested within the minimum"
              + " interval")
  public ResponseEntity<ForemanTestSchedule.State> trigger() {
    schedule.trigger();
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(schedule.describe());
  }
}
