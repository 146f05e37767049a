package dev.ferry.foreman.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.remote.FailureKind;
import dev.ferry.remote.RemoteException;
import dev.ferry.sandbox.core.FaultRule;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Paging edges against the sandbox, which implements total vs subtotal and empty pages past the
 * end.
 */
class HostPagerTest {

  private ForemanSandbox foreman;

  @AfterEach
  void stop() {
    foreman.close();
  }

  private ForemanClient client(int hosts) {
    foreman = new ForemanSandbox(hosts).user(ForemanUser.admin("admin", "pat")).start(0);
    return new ForemanClient(new OkHttpClient(), foreman.baseUrl(), "admin", "pat");
  }

  private record Collected(HostPager.Result result, List<JsonNode> hosts) {
    Set<Long> ids() {
      Set<Long> ids = ConcurrentHashMap.newKeySet();
      hosts.forEach(h -> ids.add(h.path("id").asLong()));
      return ids;
    }
  }

  private static Collected fetch(ForemanClient client, int perPage, int parallel, String search) {
    List<JsonNode> hosts = new CopyOnWriteArrayList<>();
    HostPager.Result result =
        new HostPager(perPage, parallel).fetch(client, search, hosts::addAll, pages -> {});
    return new Collected(result, hosts);
  }

  private long hostRequests() {
    return foreman.requestCounts().entrySet().stream()
        .filter(e -> e.getKey().startsWith("GET /api/hosts"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  @Test
  void lastPartialPageIsReadAndEveryHostArrivesOnce() {
    Collected c = fetch(client(1050), 100, 4, "");

    assertThat(c.result().pages()).isEqualTo(11);
    assertThat(c.hosts()).hasSize(1050);
    assertThat(c.ids()).hasSize(1050);
    assertThat(hostRequests()).isEqualTo(11);
  }

  @Test
  void exactMultipleStopsAtSubtotalWithoutAnExtraEmptyPage() {
    Collected c = fetch(client(1000), 100, 4, "");

    assertThat(c.hosts()).hasSize(1000);
    assertThat(hostRequests()).isEqualTo(10);
  }

  @Test
  void searchStopsAtSubtotalNotTotal() {
    ForemanClient client = client(1000);
    ForemanClient.Page first = client.hosts("reported.virtual = false", 1, 10, false);
    assertThat(first.subtotal()).isLessThan(first.total()); // the sandbox really filters

    Collected c = fetch(client, 10, 3, "reported.virtual = false");

    assertThat(c.hosts()).hasSize((int) first.subtotal());
    assertThat(c.result().pages()).isEqualTo((int) Math.ceil(first.subtotal() / 10.0));
    assertThat(c.hosts())
        .allSatisfy(h -> assertThat(h.path("compute_resource_id").isNull()).isTrue());
  }

  @Test
  void searchMatchingNothingIsOneEmptyPage() {
    Collected c = fetch(client(300), 100, 4, "name = no-such-host.example.com");

    assertThat(c.hosts()).isEmpty();
    assertThat(c.result().pages()).isEqualTo(1);
    assertThat(c.result().subtotal()).isZero();
    assertThat(hostRequests()).isEqualTo(1);
  }

  @Test
  void noHostsAtAllIsOneEmptyPage() {
    Collected c = fetch(client(0), 100, 4, "");

    assertThat(c.hosts()).isEmpty();
    assertThat(c.result().pages()).isEqualTo(1);
  }

  @Test
  void singleShortPageNeedsNoMore() {
    Collected c = fetch(client(42), 100, 4, "");

    assertThat(c.hosts()).hasSize(42);
    assertThat(hostRequests()).isEqualTo(1);
  }

  @Test
  void pagesAfterTheFirstRunInParallelButNeverBeyondTheBound() {
    ForemanClient client = client(2000);
    foreman.latency(Duration.ofMillis(40));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<Integer> progress = new CopyOnWriteArrayList<>();

    new HostPager(100, 3)
        .fetch(
            client,
            "",
            page -> {
              int now = inFlight.incrementAndGet();
              maxInFlight.accumulateAndGet(now, Math::max);
              try {
                Thread.sleep(30);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.decrementAndGet();
            },
            progress::add);

    assertThat(maxInFlight.get()).isBetween(2, 3);
    assertThat(progress).hasSize(20).last().isEqualTo(20);
  }

  @Test
  void aFailedPageFailsTheWholeReadWithItsClassification() {
    ForemanClient client = client(500);
    foreman.faults().add(FaultRule.status(403, 1, "/api/hosts", 0));

    assertThatThrownBy(() -> fetch(client, 100, 2, ""))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.PERMISSION_DENIED);
              assertThat(e.toFailure().isNonRetryable()).isTrue();
              assertThat(e.toFailure().getType()).isEqualTo("ForemanPERMISSION_DENIED");
            });
  }
}
