package dev.ferry.agent;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Journal follows ({@code GET /journal/{service}?follow=true}) as server-sent events, each bounded
 * three ways: a slot out of {@code maxFollowers}, {@code maxFollowSeconds} and {@code
 * maxJournalChars}. At the time cap a watchdog kills the follow's journalctl and frees the slot at
 * once, whatever the client does; if the client has stopped reading, so that the worker is stuck
 * writing, the watchdog cuts the connection after a short grace. The audit log gets a line when a
 * stream starts and another, with why it ended, when it ends.
 */
final class JournalFollowers {
  /** How long a writer may stay stuck after the cap before its connection is cut. */
  private static final long CUT_GRACE_MILLIS = 2_000;

  private final AgentConfig.Limits limits;
  private final ServiceManager services;
  private final ScheduledExecutorService scheduler;
  private final AuditLog audit;
  private final Semaphore slots;

  JournalFollowers(
      AgentConfig.Limits limits,
      ServiceManager services,
      ScheduledExecutorService scheduler,
      AuditLog audit) {
    this.limits = limits;
    this.services = services;
    this.scheduler = scheduler;
    this.audit = audit;
    this.slots = new Semaphore(limits.maxFollowers());
  }

  /** A query parameter checked as a journal filter. */
  static String filter(Map<String, String> query, String field) throws Rejection {
    return JournalFilter.check(field, query.get(field));
  }

  /** Free follower slots (for tests and diagnostics). */
  int freeSlots() {
    return slots.availablePermits();
  }

  void follow(
      ServiceManager.JournalQuery query,
      Responder responder,
      HttpExchange exchange,
      AuditLog.Entry entry)
      throws Rejection {
    if (!slots.tryAcquire()) {
      throw new Rejection(503, "too many journal followers");
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            slots.release();
          }
        };
    ServiceManager.Follow follow;
    try {
      follow = services.follow(query);
    } catch (IOException e) {
      release.run();
      throw new Rejection(500, "handler failed: " + e.getMessage());
    }
    AtomicReference<String> ended = new AtomicReference<>();
    AtomicBoolean finished = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        scheduler.schedule(
            () -> {
              ended.compareAndSet(null, "time cap");
              follow.close();
              release.run();
              scheduler.schedule(
                  () -> {
                    if (!finished.get()) {
                      ExchangeSockets.cut(exchange);
                    }
                  },
                  CUT_GRACE_MILLIS,
                  TimeUnit.MILLISECONDS);
            },
            limits.maxFollowSeconds(),
            TimeUnit.SECONDS);
    entry.decision = "allow";
    entry.status = 200;
    entry.stream = "start";
    audit.write(entry);
    long[] chars = {0};
    try (OutputStream out = responder.stream(200, "text/event-stream")) {
      // an SSE comment, flushed at once, so the caller sees the stream open before any line
      out.write((": following " + query.unit() + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      follow.run(
          line -> {
            chars[0] += line.length();
            if (chars[0] > limits.maxJournalChars()) {
              ended.compareAndSet(null, "character cap");
              return false;
            }
            // one SSE event per journal line; a CR or LF inside would split the event
            String event = "data: " + line.replace('\r', ' ').replace('\n', ' ') + "\n\n";
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
          });
      ended.compareAndSet(null, "journal ended");
      out.write(("event: end\ndata: " + ended.get() + "\n\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      ended.compareAndSet(null, "client gone"); // or cut after the cap
    } finally {
      finished.set(true);
      watchdog.cancel(false);
      follow.close();
      release.run();
      entry.stream = "end";
      entry.streamEnd = ended.get();
    }
  }
}
