package dev.ferry.cluster;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads runs straight from Temporal (the namespace is "default"): status, pending activities and
 * the history's worker identities. Calls made while the server or its database is away are retried,
 * so a test can wait through the fault it caused.
 */
final class Runs {

  private static final String NAMESPACE = "default";
  private final WorkflowServiceStubs service;

  Runs(Cluster cluster) {
    this.service = cluster.temporal();
  }

  /** The run's description; Temporal or its database being away is waited through (2 min). */
  DescribeWorkflowExecutionResponse describe(String workflowId) {
    return retrying(() -> describeOnce(workflowId));
  }

  private DescribeWorkflowExecutionResponse describeOnce(String workflowId) {
    return service
        .blockingStub()
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(NAMESPACE)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
  }

  /** Waits until the run closes (Temporal being away meanwhile is waited through). */
  WorkflowExecutionStatus awaitClosed(String workflowId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      WorkflowExecutionStatus status = describe(workflowId).getWorkflowExecutionInfo().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return status;
      }
      sleep(Duration.ofMillis(500));
    }
    throw new AssertionError(workflowId + " still running after " + timeout);
  }

  /** An activity a worker is executing right now, and the run it belongs to. */
  record Executing(String workflowId, String runId, PendingActivityInfo activity) {
    String worker() {
      return activity.getLastWorkerIdentity();
    }
  }

  /**
   * The first activity of these runs (ids that may not exist yet) a worker executes, waited for.
   */
  Executing awaitExecutingActivity(List<String> workflowIds, Duration timeout) {
    return awaitExecutingActivity(workflowIds, "", timeout);
  }

  /** As above, of one activity type (empty: any). */
  Executing awaitExecutingActivity(List<String> workflowIds, String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String id : workflowIds) {
        Optional<PendingActivityInfo> started;
        DescribeWorkflowExecutionResponse described;
        try {
          described = describeOnce(id);
          started =
              described.getPendingActivitiesList().stream()
                  .filter(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
                  .filter(a -> !a.getLastWorkerIdentity().isEmpty())
                  .filter(a -> type.isEmpty() || a.getActivityType().getName().equals(type))
                  .findFirst();
        } catch (io.grpc.StatusRuntimeException notYet) {
          continue;
        }
        if (started.isPresent()) {
          return new Executing(
              id, described.getWorkflowExecutionInfo().getExecution().getRunId(), started.get());
        }
      }
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("no activity of " + workflowIds + " started within " + timeout);
  }

  /**
   * The worker identity and attempt with which an activity (by id) finally started, from the
   * history: Temporal records only the last attempt's start.
   */
  HistoryEvent lastStart(String workflowId, String activityId) {
    return lastStart(workflowId, "", activityId);
  }

  /** As above, in the run that was executing it (a later run may reuse the workflow id). */
  HistoryEvent lastStart(Executing executing) {
    return lastStart(
        executing.workflowId(), executing.runId(), executing.activity().getActivityId());
  }

  private HistoryEvent lastStart(String workflowId, String runId, String activityId) {
    List<HistoryEvent> events = history(workflowId, runId);
    long scheduled =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .filter(
                e -> e.getActivityTaskScheduledEventAttributes().getActivityId().equals(activityId))
            .mapToLong(HistoryEvent::getEventId)
            .findFirst()
            .orElseThrow(() -> new AssertionError("activity " + activityId + " never scheduled"));
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled)
        .findFirst()
        .orElseThrow(() -> new AssertionError("activity " + activityId + " never started"));
  }

  /** Waits until activity pollers with these identity prefixes (pid@) poll task queue ferry. */
  void awaitPollers(java.util.Set<String> identityPrefixes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    java.util.Set<String> seen = java.util.Set.of();
    while (System.nanoTime() < deadline) {
      seen =
          retrying(
                  () ->
                      service
                          .blockingStub()
                          .describeTaskQueue(
                              DescribeTaskQueueRequest.newBuilder()
                                  .setNamespace(NAMESPACE)
                                  .setTaskQueue(TaskQueue.newBuilder().setName("ferry"))
                                  .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                                  .build()))
              .getPollersList()
              .stream()
              .map(p -> p.getIdentity())
              .collect(java.util.stream.Collectors.toSet());
      java.util.Set<String> polling = seen;
      if (identityPrefixes.stream()
          .allMatch(p -> polling.stream().anyMatch(i -> i.startsWith(p)))) {
        return;
      }
      sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("pollers " + seen + " lack one of " + identityPrefixes);
  }

  /** Every event of the run's history. */
  List<HistoryEvent> history(String workflowId) {
    return history(workflowId, "");
  }

  /** Every event of that run's history (empty run id: the latest run). */
  List<HistoryEvent> history(String workflowId, String runId) {
    List<HistoryEvent> events = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    do {
      ByteString token = page;
      GetWorkflowExecutionHistoryResponse response =
          retrying(
              () ->
                  service
                      .blockingStub()
                      .getWorkflowExecutionHistory(
                          GetWorkflowExecutionHistoryRequest.newBuilder()
                              .setNamespace(NAMESPACE)
                              .setExecution(
                                  WorkflowExecution.newBuilder()
                                      .setWorkflowId(workflowId)
                                      .setRunId(runId))
                              .setNextPageToken(token)
                              .build()));
      events.addAll(response.getHistory().getEventsList());
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return events;
  }

  /** Who executed each activity attempt of the run (the identity is the worker's pid@host). */
  List<String> activityWorkers(String workflowId) {
    return history(workflowId).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .map(e -> e.getActivityTaskStartedEventAttributes().getIdentity())
        .toList();
  }

  /** The highest attempt any activity of the run needed. */
  int maxActivityAttempt(String workflowId) {
    return history(workflowId).stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .max()
        .orElse(0);
  }

  private static <T> T retrying(Supplier<T> call) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 240; attempt++) {
      try {
        return call.get();
      } catch (io.grpc.StatusRuntimeException e) {
        last = e;
        sleep(Duration.ofMillis(500));
      }
    }
    throw last;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
