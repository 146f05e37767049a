package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.protocol.Digests;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
  static byte[] h(String s) {
    return Digests.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsOnceUntilExpiry() {
    ReplayCache cache = new ReplayCache(100, 602);
    long now = 1_000_000;
    assertThat(cache.record(h("a"), now + 301, now)).isEqualTo(ReplayCache.Outcome.FRESH);
    assertThat(cache.record(h("a"), now + 301, now + 300)).isEqualTo(ReplayCache.Outcome.REPLAYED);
    assertThat(cache.record(h("b"), now + 301, now)).isEqualTo(ReplayCache.Outcome.FRESH);
    assertThat(cache.size()).isEqualTo(2);
    cache.prune(now + 300);
    assertThat(cache.size()).isEqualTo(2);
    cache.prune(now + 301);
    assertThat(cache.size()).isZero();
  }

  @Test
  void fullCacheRefusesInsteadOfForgetting() {
    ReplayCache cache = new ReplayCache(3, 602);
    long now = 5_000;
    for (int i = 0; i < 3; i++) {
      assertThat(cache.record(h("x" + i), now + 10 + i, now)).isEqualTo(ReplayCache.Outcome.FRESH);
    }
    assertThat(cache.record(h("y"), now + 20, now)).isEqualTo(ReplayCache.Outcome.FULL);
    assertThat(cache.record(h("x1"), now + 11, now)).isEqualTo(ReplayCache.Outcome.REPLAYED);
    // once the first entry's second has passed, there is room again
    assertThat(cache.record(h("y"), now + 20, now + 10)).isEqualTo(ReplayCache.Outcome.FRESH);
  }

  @Test
  void ringReuseDropsOnlyExpiredSeconds() {
    ReplayCache cache = new ReplayCache(10_000, 602);
    long now = 7_777;
    for (int i = 0; i < 5000; i++) {
      assertThat(cache.record(h("k" + i), now + 1 + (i % 601), now))
          .isEqualTo(ReplayCache.Outcome.FRESH);
    }
    for (int i = 0; i < 5000; i++) {
      assertThat(cache.record(h("k" + i), now + 1 + (i % 601), now))
          .isEqualTo(ReplayCache.Outcome.REPLAYED);
    }
    // 2048 seconds later every old bucket is stale: same ring slots, new seconds
    long later = now + 2048;
    assertThat(cache.record(h("k0"), later + 1, later)).isEqualTo(ReplayCache.Outcome.FRESH);
    cache.prune(later);
    assertThat(cache.size()).isEqualTo(1);
  }
}
