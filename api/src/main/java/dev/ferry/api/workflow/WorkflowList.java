package dev.ferry.api.workflow;

import com.google.protobuf.ByteString;
import dev.ferry.api.auth.Caller;
import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.api.workflow.WorkflowController.WorkflowView;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Lists runs from Temporal's visibility store, newest first, a page at a time. The next-page token
 * is Temporal's, base64url-encoded and opaque to callers; every page re-applies the caller's owner
 * clause, so a token can only move through the caller's own list.
 */
@Service
public class WorkflowList {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 500;

  private final WorkflowClient client;
  private final WorkflowLinks links;
  private final Clock clock;

  public WorkflowList(WorkflowClient client, WorkflowLinks links) {
    this.client = client;
    this.links = links;
    this.clock = Clock.systemUTC();
  }

  /** One page of runs and the token for the next, null on the last page. */
  public record Page(List<WorkflowView> workflows, String nextPageToken) {}

  /** Filters, each null when absent. */
  public record Filter(
      String owner, String type, String status, String since, Integer pageSize, String pageToken) {}

  public Page list(Caller caller, Filter filter) {
    String query =
        WorkflowQuery.build(
            caller, filter.owner(), filter.type(), filter.status(), filter.since(), clock);
    int pageSize = filter.pageSize() == null ? DEFAULT_PAGE_SIZE : filter.pageSize();
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidFieldException("pageSize", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    ListWorkflowExecutionsRequest.Builder request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setQuery(query)
            .setPageSize(pageSize);
    if (filter.pageToken() != null) {
      request.setNextPageToken(token(filter.pageToken()));
    }
    ListWorkflowExecutionsResponse response;
    try {
      response =
          client.getWorkflowServiceStubs().blockingStub().listWorkflowExecutions(request.build());
    } catch (StatusRuntimeException e) {
      throw refusal(e, filter.pageToken() != null);
    }
    List<WorkflowView> workflows =
        response.getExecutionsList().stream()
            .map(
                info ->
                    WorkflowController.view(
                        new WorkflowExecutionMetadata(info, client.getOptions().getDataConverter()),
                        links))
            .toList();
    ByteString next = response.getNextPageToken();
    return new Page(
        workflows,
        next.isEmpty()
            ? null
            : Base64.getUrlEncoder().withoutPadding().encodeToString(next.toByteArray()));
  }

  /**
   * Temporal being away is a 503. Any other refusal means the token was bad (the dev server says
   * UNKNOWN for a token it cannot read, a cluster INVALID_ARGUMENT), since the query is built from
   * checked values only; without a token it is a bug and is logged as one.
   */
  private static RuntimeException refusal(StatusRuntimeException e, boolean hadToken) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.RESOURCE_EXHAUSTED) {
      return new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Temporal unavailable: " + code);
    }
    if (hadToken) {
      return new InvalidFieldException("pageToken", "not a token this list handed out");
    }
    return e;
  }

  private static ByteString token(String token) {
    try {
      if (token.isEmpty() || token.length() > 4096) {
        throw new IllegalArgumentException("empty or too long");
      }
      return ByteString.copyFrom(Base64.getUrlDecoder().decode(token));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("pageToken", "not a token this list handed out");
    }
  }
}
