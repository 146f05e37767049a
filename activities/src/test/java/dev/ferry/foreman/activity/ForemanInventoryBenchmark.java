package dev.ferry.foreman.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.foreman.store.ForemanConfig;
import dev.ferry.foreman.store.ForemanSnapshotRepository;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Benchmark (not a test): host inventory of N hosts from the Foreman sandbox at a fixed latency per
 * request, sequential paging against the inventory activity's parallel paging, with and without
 * writing the snapshot to PostgreSQL. Run by {@code scripts/bench-foreman.sh}; arguments: hosts,
 * latency ms, per page, parallel pages.
 */
public final class ForemanInventoryBenchmark {

  public static void main(String[] args) {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 100;
    int perPage = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int parallel = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int rounds = 3;

    try (ForemanSandbox foreman =
        new ForemanSandbox(hosts).user(ForemanUser.admin("admin", "bench")).start(0)) {
      foreman.latency(Duration.ofMillis(latencyMs));
      ForemanClient client =
          new ForemanClient(
              new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(2)).build(),
              foreman.baseUrl(),
              "admin",
              "bench");
      ForemanStore store = new ForemanStore();
      ForemanConfig config = store.config("bench", foreman.baseUrl(), "admin", "bench");
      System.out.printf(
          "Foreman sandbox: %,d hosts, %d ms per request, per_page %d (%d pages), parallel bound %d, "
              + "best of %d%n",
          hosts, latencyMs, perPage, (hosts + perPage - 1) / perPage, parallel, rounds);
      run("warm-up", client, perPage, parallel, counting(), 1);

      long sequential = run("sequential paging", client, perPage, 1, counting(), rounds);
      long concurrent = run("parallel paging", client, perPage, parallel, counting(), rounds);
      long sequentialDb =
          run(
              "sequential paging + PostgreSQL snapshot",
              client,
              perPage,
              1,
              storing(store, config),
              rounds);
      long concurrentDb =
          run(
              "parallel paging + PostgreSQL snapshot",
              client,
              perPage,
              parallel,
              storing(store, config),
              rounds);

      System.out.printf(
          "ratio parallel/sequential: paging %.2f, with snapshot %.2f (target <= 0.50)%n",
          concurrent / (double) sequential, concurrentDb / (double) sequentialDb);
    }
    System.exit(0);
  }

  private static long run(
      String label,
      ForemanClient client,
      int perPage,
      int parallel,
      Supplier<Consumer<List<JsonNode>>> sinks,
      int rounds) {
    List<Long> times = new ArrayList<>();
    HostPager.Result result = null;
    for (int i = 0; i < rounds; i++) {
      Consumer<List<JsonNode>> sink = sinks.get();
      long started = System.nanoTime();
      result = new HostPager(perPage, parallel).fetch(client, "", sink, pages -> {});
      times.add((System.nanoTime() - started) / 1_000_000);
    }
    long best = times.stream().mapToLong(Long::longValue).min().orElseThrow();
    System.out.printf(
        "%-42s %,7d ms  (runs %s; %,d hosts in %d pages)%n",
        label, best, times, result.hosts(), result.pages());
    return best;
  }

  private static Supplier<Consumer<List<JsonNode>>> counting() {
    return () -> {
      AtomicLong count = new AtomicLong();
      return page -> count.addAndGet(page.size());
    };
  }

  /** What the activity does with each page: upsert the raw host objects into a fresh snapshot. */
  private static Supplier<Consumer<List<JsonNode>>> storing(
      ForemanStore store, ForemanConfig config) {
    return () -> {
      UUID snapshotId = UUID.randomUUID();
      store.snapshots.begin(snapshotId, config.id(), "");
      return page -> {
        List<ForemanSnapshotRepository.HostRow> rows = new ArrayList<>(page.size());
        page.forEach(
            h ->
                rows.add(
                    new ForemanSnapshotRepository.HostRow(
                        h.path("id").asLong(), h.path("name").asText(), h.toString())));
        store.snapshots.addHosts(snapshotId, rows);
      };
    };
  }
}
