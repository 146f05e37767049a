package dev.ferry.api.foreman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ForemanTestThrottleTest {

  private Instant now = Instant.parse("2025-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final ForemanTestThrottle throttle =
      new ForemanTestThrottle(Duration.ofSeconds(30), clock);
  private final UUID a = UUID.randomUUID();
  private final UUID b = UUID.randomUUID();

  @Test
  void oneTestPerConfigurationPerWindowWithTheTimeLeftAsRetryAfter() {
    throttle.acquire(List.of(a));
    now = now.plusMillis(10_500);
    assertThatThrownBy(() -> throttle.acquire(List.of(a)))
        .isInstanceOfSatisfying(
            ForemanTestThrottle.Throttled.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isEqualTo(20); // 19.5 s rounded up
              assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("20");
            });
    throttle.acquire(List.of(b)); // another configuration has its own window
    now = now.plusMillis(19_500);
    throttle.acquire(List.of(a)); // the window has passed
  }

  @Test
  void aTriggerTakesEveryWindowOrNone() {
    throttle.acquire(List.of(a));
    assertThatThrownBy(() -> throttle.acquire(List.of(a, b)))
        .isInstanceOf(ForemanTestThrottle.Throttled.class);
    throttle.acquire(List.of(b)); // the refused trigger did not take b's window
    now = now.plusSeconds(30);
    throttle.acquire(List.of(a, b));
    assertThatThrownBy(() -> throttle.acquire(List.of(b)))
        .isInstanceOf(ForemanTestThrottle.Throttled.class);
  }

  @Test
  void aZeroWindowNeverThrottles() {
    ForemanTestThrottle off = new ForemanTestThrottle(Duration.ZERO, clock);
    off.acquire(List.of(a));
    off.acquire(List.of(a));
  }
}
