package dev.ferry.foreman.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Reads every host matching a search. The first page tells how many match ({@code subtotal}; {@code
 * total} ignores the search, so it is never used to stop); the remaining pages up to {@code
 * subtotal} are then fetched at most {@code parallelPages} at a time. A short or empty first page
 * ends it early. Each page goes to the sink on the thread that fetched it.
 */
public class HostPager {

  private final int perPage;
  private final int parallelPages;

  public HostPager(int perPage, int parallelPages) {
    if (perPage < 1 || parallelPages < 1) {
      throw new IllegalArgumentException("perPage and parallelPages must be positive");
    }
    this.perPage = perPage;
    this.parallelPages = parallelPages;
  }

  /**
   * How much was read: pages requested and host objects handed to the sink (duplicates included).
   */
  public record Result(int pages, long hosts, long subtotal) {}

  /**
   * @param sink receives each page's hosts; called from several threads at once
   * @param progress called on the calling thread with the number of pages done, after each page
   */
  public Result fetch(
      ForemanClient client, String search, Consumer<List<JsonNode>> sink, IntConsumer progress) {
    ForemanClient.Page first = client.hosts(search, 1, perPage, false);
    sink.accept(first.results());
    progress.accept(1);
    long subtotal = first.subtotal();
    if (first.results().size() < perPage || first.results().size() >= subtotal) {
      return new Result(1, first.results().size(), subtotal);
    }
    int lastPage = (int) ((subtotal + perPage - 1) / perPage);
    long hosts =
        first.results().size() + fetchParallel(client, search, 2, lastPage, sink, progress);
    return new Result(lastPage, hosts, subtotal);
  }

  private long fetchParallel(
      ForemanClient client,
      String search,
      int fromPage,
      int toPage,
      Consumer<List<JsonNode>> sink,
      IntConsumer progress) {
    int count = toPage - fromPage + 1;
    if (count <= 0) {
      return 0;
    }
    try (ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelPages, count),
            Thread.ofVirtual().name("foreman-page-", 0).factory())) {
      CompletionService<Integer> pages = new ExecutorCompletionService<>(pool);
      for (int page = fromPage; page <= toPage; page++) {
        int number = page;
        pages.submit(
            () -> {
              List<JsonNode> hosts = client.hosts(search, number, perPage, false).results();
              sink.accept(hosts);
              return hosts.size();
            });
      }
      long hosts = 0;
      for (int done = 1; done <= count; done++) {
        Future<Integer> page = pages.take();
        try {
          hosts += page.get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          if (e.getCause() instanceof RuntimeException failure) {
            throw failure;
          }
          throw new IllegalStateException(e.getCause());
        }
        progress.accept(1 + done);
      }
      return hosts;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while paging hosts", "Interrupted");
    }
  }
}
