package dev.ferry.api.fort;

import dev.ferry.api.auth.AdminOnly;
import dev.ferry.api.auth.Caller;
import dev.ferry.api.fort.FortCycles.Started;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.api.schedule.Schedules;
import dev.ferry.api.workflow.WorkflowLinks;
import dev.ferry.fort.store.AuditEntry;
import dev.ferry.fort.store.FortAuditLog;
import dev.ferry.fort.store.FortClusterRepository;
import dev.ferry.fort.store.FortRefusals;
import dev.ferry.fort.store.FortStateRepository;
import dev.ferry.fort.store.Fulfilment;
import dev.ferry.fort.store.ServiceRefusal;
import dev.ferry.fort.workflow.ReconcileClusterWorkflow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Running the providers: the schedule, on-demand cycles, rotation, transfers, and what happened
 * (fulfilments, refusals, audit).
 */
@RestController
@RequestMapping("/api/fort/clusters/{cluster}")
@Tag(name = "Fort")
public class FortOperationsController {

  private final FortClusterRepository clusters;
  private final FortStateRepository state;
  private final FortAuditLog audit;
  private final FortRefusals refusals;
  private final Schedules schedules;
  private final FortCycles cycles;
  private final WorkflowLinks links;

  public FortOperationsController(
      FortClusterRepository clusters,
      FortStateRepository state,
      FortAuditLog audit,
      FortRefusals refusals,
      Schedules schedules,
      FortCycles cycles,
      WorkflowLinks links) {
    this.clusters = clusters;
    this.state = state;
    this.audit = audit;
    this.refusals = refusals;
    this.schedules = schedules;
    this.cycles = cycles;
    this.links = links;
  }

  public record ScheduleView(
      String scheduleId,
      boolean paused,
      String note,
      List<Instant> nextRuns,
      List<String> recentCycles) {}

  @GetMapping("/schedule")
  public ScheduleView schedule(@PathVariable String cluster) {
    ScheduleDescription d = schedules.describe(scheduleId(cluster));
    return new ScheduleView(
        d.getId(),
        d.getSchedule().getState().isPaused(),
        d.getSchedule().getState().getNote(),
        d.getInfo().getNextActionTimes(),
        d.getInfo().getRecentActions().stream()
            .map(a -> a.getAction())
            .filter(ScheduleActionExecutionStartWorkflow.class::isInstance)
            .map(ScheduleActionExecutionStartWorkflow.class::cast)
            .map(a -> links.of(a.getWorkflowId(), a.getFirstExecutionRunId()))
            .toList());
  }

  @PostMapping("/schedule/pause")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @AdminOnly
  public void pause(@PathVariable String cluster, HttpServletRequest request) {
    Caller caller = Caller.of(request);
    schedules.pause(scheduleId(cluster), "paused by " + caller.name());
  }

  @PostMapping("/schedule/resume")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @AdminOnly
  public void resume(@PathVariable String cluster, HttpServletRequest request) {
    Caller caller = Caller.of(request);
    schedules.resume(scheduleId(cluster), "resumed by " + caller.name());
  }

  @PostMapping("/schedule/trigger")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Run a cycle now through the schedule (skipped if one is running)")
  @AdminOnly
  public void trigger(@PathVariable String cluster) {
    schedules.trigger(scheduleId(cluster));
  }

  @PostMapping("/cycles")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Start a reconcile cycle now and return its run")
  @AdminOnly
  public Started cycle(@PathVariable String cluster) {
    exists(cluster);
    return cycles.start(cluster);
  }

  @PostMapping("/hosts/{host}/rotate")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary =
          "Re-issue and re-deliver a host's credentials (optionally one service's), then restart")
  @AdminOnly
  public Started rotate(
      @PathVariable String cluster,
      @PathVariable String host,
      @RequestParam(required = false) String service,
      HttpServletRequest request) {
    Caller caller = Caller.of(request);
    exists(cluster);
    clusters
        .host(cluster, host)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no host '" + host + "' in '" + cluster + "'"));
    return cycles.rotate(cluster, host, service, caller.name());
  }

  @PostMapping("/hosts/{host}/services/{service}/transfer")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary =
          "Move a service to another host: its names and OIDC client go to the new host (new"
              + " secret), what the old host holds is revoked; then a cycle runs")
  @AdminOnly
  public Started transfer(
      @PathVariable String cluster,
      @PathVariable String host,
      @PathVariable String service,
      @Valid @RequestBody FortRequests.Transfer body,
      HttpServletRequest request) {
    Caller caller = Caller.of(request);
    if (!service.matches(FortRequests.NAME)) {
      throw new InvalidFieldException("service", "an RFC 1123 label (a-z, 0-9, '-')");
    }
    exists(cluster);
    for (String h : List.of(host, body.toHost())) {
      clusters
          .host(cluster, h)
          .orElseThrow(
              () ->
                  new ResponseStatusException(
                      HttpStatus.NOT_FOUND, "no host '" + h + "' in '" + cluster + "'"));
    }
    if (host.equals(body.toHost())) {
      throw new InvalidFieldException("toHost", "the service is already on " + host);
    }
    return cycles.transfer(cluster, host, service, body.toHost(), caller.name());
  }

  @GetMapping("/refusals")
  @Operation(summary = "Manifest declarations the last read refused, per host, with the reason")
  public List<ServiceRefusal> refusals(
      @PathVariable String cluster, @RequestParam(required = false) String host) {
    exists(cluster);
    return refusals.list(cluster, host);
  }

  @GetMapping("/fulfilments")
  public List<Fulfilment> fulfilments(
      @PathVariable String cluster, @RequestParam(required = false) String host) {
    exists(cluster);
    return host == null ? state.fulfilments(cluster) : state.fulfilments(cluster, host);
  }

  @GetMapping("/audit")
  public List<AuditEntry> audit(
      @PathVariable String cluster,
      @RequestParam(required = false) String host,
      @RequestParam(required = false) String service,
      @RequestParam(defaultValue = "100") int limit) {
    exists(cluster);
    return audit.query(cluster, host, service, Math.max(1, Math.min(limit, 1000)));
  }

  /** The cluster's schedule id, once the cluster is known to exist. */
  private String scheduleId(String cluster) {
    exists(cluster);
    return ReconcileClusterWorkflow.scheduleId(cluster);
  }

  private void exists(String cluster) {
    if (!clusters.exists(cluster)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no cluster '" + cluster + "'");
    }
  }
}
