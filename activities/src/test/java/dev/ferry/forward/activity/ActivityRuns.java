package dev.ferry.forward.activity;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the rig worker's activity executions by type, attempts and local activities included: the
 * server's view (pending activities) shows neither a local activity nor its retries.
 */
final class ActivityRuns extends WorkerInterceptorBase {

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  /** How many times an activity of this type (e.g. {@code Plan}) has started so far. */
  int of(String activityType) {
    AtomicInteger count = runs.get(activityType);
    return count == null ? 0 : count.get();
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public void init(ActivityExecutionContext context) {
        runs.computeIfAbsent(context.getInfo().getActivityType(), t -> new AtomicInteger())
            .incrementAndGet();
        super.init(context);
      }
    };
  }
}
