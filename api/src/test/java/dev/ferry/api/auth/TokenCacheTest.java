package dev.ferry.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The cache behind token authentication, on a clock the test moves: trusted for the TTL only,
 * emptied by a revocation, and never refilled by a lookup that raced a revocation. Over HTTP,
 * {@code PipelineListsApiTest} shows a revoked token, a disabled user and a deleted user refused at
 * once.
 */
class TokenCacheTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final TokenCache cache = new TokenCache(Duration.ofSeconds(5), now::get);
  private final Caller alice = new Caller(UUID.randomUUID(), "alice", Role.USER);
  private final Caller bob = new Caller(UUID.randomUUID(), "bob", Role.ADMIN);

  @Test
  void aCheckedTokenIsTrustedForTheTtlOnly() {
    cache.put("hash-a", Optional.of(alice), cache.generation());

    now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
    assertThat(cache.get("hash-a")).contains(alice);
    now.addAndGet(1); // a revocation made by another API process is seen from here on
    assertThat(cache.get("hash-a")).isEmpty();
  }

  @Test
  void eachHashAnswersItsOwnCallerAndAnUnknownHashNone() {
    cache.put("hash-a", Optional.of(alice), cache.generation());
    cache.put("hash-b", Optional.of(bob), cache.generation());

    assertThat(cache.get("hash-a")).contains(alice);
    assertThat(cache.get("hash-b")).contains(bob);
    assertThat(cache.get("hash-c")).isEmpty();
  }

  @Test
  void aRevocationEmptiesTheCacheAtOnce() {
    cache.put("hash-a", Optional.of(alice), cache.generation());
    cache.put("hash-b", Optional.of(bob), cache.generation());

    cache.invalidateAll();

    assertThat(cache.get("hash-a")).isEmpty();
    assertThat(cache.get("hash-b")).isEmpty();
  }

  @Test
  void aLookupThatRacedARevocationIsNotCached() {
    long before = cache.generation();
    // the database answered "valid", then a revocation committed and emptied the cache
    cache.invalidateAll();
    cache.put("hash-a", Optional.of(alice), before);

    assertThat(cache.get("hash-a")).isEmpty();
  }

  @Test
  void aRefusedTokenDropsWhatWasCachedForIt() {
    cache.put("hash-a", Optional.of(alice), cache.generation());
    cache.put("hash-a", Optional.empty(), cache.generation());

    assertThat(cache.get("hash-a")).isEmpty();
  }

  @Test
  void aZeroTtlCachesNothing() {
    TokenCache off = new TokenCache(Duration.ZERO, now::get);
    off.put("hash-a", Optional.of(alice), off.generation());

    assertThat(off.get("hash-a")).isEmpty();
  }
}
