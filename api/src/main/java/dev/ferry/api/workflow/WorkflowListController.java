package dev.ferry.api.workflow;

import dev.ferry.api.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Runs from Temporal's visibility store: the caller's own, or everyone's for an admin. */
@RestController
@Tag(name = "Workflows")
public class WorkflowListController {

  private final WorkflowList list;

  public WorkflowListController(WorkflowList list) {
    this.list = list;
  }

  @GetMapping("/api/workflows")
  @Operation(
      summary =
          "List runs, newest first: yours, or everyone's for an admin; a page at a time"
              + " (pass nextPageToken back as pageToken)")
  public WorkflowList.Page list(
      HttpServletRequest request,
      @Parameter(description = "workflow type, e.g. ForwardSyncWorkflow")
          @RequestParam(required = false)
          String type,
      @Parameter(
              description =
                  "RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW or TIMED_OUT")
          @RequestParam(required = false)
          String status,
      @Parameter(description = "started at or after: 2026-01-31T00:00:00Z, or ago: PT24H, P7D")
          @RequestParam(required = false)
          String since,
      @Parameter(description = "admin only: runs of this user (FerryOwner)")
          @RequestParam(required = false)
          String owner,
      @Parameter(description = "1-500, default 50") @RequestParam(required = false)
          Integer pageSize,
      @Parameter(description = "nextPageToken of the previous page") @RequestParam(required = false)
          String pageToken) {
    return list.list(
        Caller.of(request),
        new WorkflowList.Filter(owner, type, status, since, pageSize, pageToken));
  }
}
