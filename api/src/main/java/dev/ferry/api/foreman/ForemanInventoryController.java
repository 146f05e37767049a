package dev.ferry.api.foreman;

import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanConfigRepository;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.foreman.store.ForemanSnapshotRepository.HostSummary;
import dev.ferry.foreman.store.ForemanSnapshotRepository.Hypervisor;
import dev.ferry.foreman.store.ForemanSnapshotRepository.Snapshot;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Hosts and hypervisors of a Foreman instance, served from the newest snapshot (refreshed past its
 * TTL).
 */
@RestController
@RequestMapping("/api/foreman/configs/{id}")
@Tag(name = "Foreman")
public class ForemanInventoryController {

  private static final int MAX_LIMIT = 5000;

  /** Stored with (and indexed on) each snapshot; well under PostgreSQL's index row limit. */
  private static final int MAX_SEARCH = 1000;

  private final ForemanConfigRepository configs;
  private final ForemanSnapshotRepository snapshots;
  private final ForemanInventory inventory;

  public ForemanInventoryController(
      ForemanConfigRepository configs,
      ForemanSnapshotRepository snapshots,
      ForemanInventory inventory) {
    this.configs = configs;
    this.snapshots = snapshots;
    this.inventory = inventory;
  }

  public record SnapshotInfo(
      UUID id,
      String search,
      OffsetDateTime completedAt,
      int hostCount,
      int hypervisorCount,
      String foremanVersion,
      boolean stale) {}

  public record HostsPage(
      UUID configId,
      String configName,
      SnapshotInfo snapshot,
      int offset,
      int limit,
      List<HostSummary> hosts) {}

  public record Hypervisors(
      UUID configId, String configName, SnapshotInfo snapshot, List<Hypervisor> hypervisors) {}

  @GetMapping("/hosts")
  @Operation(
      summary =
          "Hosts matching a Foreman search (passed through), from the newest snapshot; refresh=true re-reads Foreman")
  public HostsPage hosts(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") @Size(max = MAX_SEARCH) String search,
      @RequestParam(defaultValue = "false") boolean refresh,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "500") int limit) {
    if (offset < 0) {
      throw new InvalidFieldException("offset", "must not be negative");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidFieldException("limit", "must be between 1 and " + MAX_LIMIT);
    }
    ForemanConfig config = config(id);
    Snapshot snapshot = inventory.snapshot(id, search, refresh);
    return new HostsPage(
        id,
        config.name(),
        info(snapshot),
        offset,
        limit,
        snapshots.hosts(snapshot.id(), offset, limit));
  }

  @GetMapping("/hypervisors")
  @Operation(
      summary = "Compute resources and bare-metal hypervisor hosts, from the newest full snapshot")
  public Hypervisors hypervisors(
      @PathVariable UUID id, @RequestParam(defaultValue = "false") boolean refresh) {
    ForemanConfig config = config(id);
    Snapshot snapshot = inventory.snapshot(id, "", refresh);
    return new Hypervisors(id, config.name(), info(snapshot), snapshots.hypervisors(snapshot.id()));
  }

  @GetMapping(value = "/hosts.csv", produces = "text/csv")
  @Operation(summary = "Every host of the snapshot as CSV")
  public ResponseEntity<StreamingResponseBody> export(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") @Size(max = MAX_SEARCH) String search,
      @RequestParam(defaultValue = "false") boolean refresh) {
    ForemanConfig config = config(id);
    Snapshot snapshot = inventory.snapshot(id, search, refresh);
    StreamingResponseBody body =
        out -> {
          BufferedWriter csv =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          csv.write(HostCsv.HEADER);
          try {
            snapshots.eachHost(
                snapshot.id(),
                host -> {
                  try {
                    csv.write(HostCsv.row(host));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
          csv.flush();
        };
    String filename = "foreman-" + config.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-hosts.csv";
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .body(body);
  }

  /** The run outlived the wait: answer 202 with where to watch it. */
  @ExceptionHandler(ForemanInventory.StillRunning.class)
  ResponseEntity<Map<String, String>> stillRunning(ForemanInventory.StillRunning e) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "status",
                "RUNNING",
                "workflowId",
                e.workflowId,
                "webUiUrl",
                e.webUiUrl,
                "detail",
                "the inventory is still being collected; ask again shortly"));
  }

  private SnapshotInfo info(Snapshot s) {
    return new SnapshotInfo(
        s.id(),
        s.search(),
        s.completedAt(),
        s.hostCount(),
        s.hypervisorCount(),
        s.foremanVersion(),
        inventory.expired(s));
  }

  private ForemanConfig config(UUID id) {
    return configs.find(id).orElseThrow(() -> ForemanConfigController.notFound(id));
  }
}
