package dev.ferry.api.foreman;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * At most one on-demand connection test per configuration per {@code
 * ferry.foreman.test-min-interval}. Every failing test counts toward Foreman's lockout of the
 * worker's address, so a loop of test requests must not be able to lock Ferry out. A schedule
 * trigger tests every configuration, so it takes the window of all of them at once.
 *
 * <p>The windows live in this API process: a second API replica would allow one more test per
 * window, still far from a lockout threshold.
 */
@Component
public class ForemanTestThrottle {

  private final Duration window;
  private final Clock clock;
  private final Map<UUID, Instant> lastStarted = new HashMap<>();

  @Autowired
  public ForemanTestThrottle(ForemanApiProperties properties) {
    this(properties.testMinInterval(), Clock.systemUTC());
  }

  ForemanTestThrottle(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** Refused with 429 and Retry-After when one of the configurations was tested too recently. */
  public static class Throttled extends ResponseStatusException {
    private final long retryAfterSeconds;

    Throttled(Duration wait) {
      super(
          HttpStatus.TOO_MANY_REQUESTS,
          "a connection test of this configuration ran less than the minimum interval ago;"
              + " retry after "
              + seconds(wait)
              + " s");
      this.retryAfterSeconds = seconds(wait);
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }

    @Override
    public HttpHeaders getHeaders() {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
      return headers;
    }

    private static long seconds(Duration wait) {
      return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
  }

  /**
   * Takes the window of every given configuration, or none of them and throws {@link Throttled}.
   */
  public synchronized void acquire(Collection<UUID> configIds) {
    Instant now = clock.instant();
    lastStarted.values().removeIf(started -> !started.plus(window).isAfter(now));
    Duration wait = Duration.ZERO;
    for (UUID id : configIds) {
      Instant started = lastStarted.get(id);
      if (started != null) {
        Duration left = Duration.between(now, started.plus(window));
        wait = left.compareTo(wait) > 0 ? left : wait;
      }
    }
    if (wait.isPositive()) {
      throw new Throttled(wait);
    }
    configIds.forEach(id -> lastStarted.put(id, now));
  }
}
