package dev.ferry.api.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Callers this process authenticated recently, by token hash, so that a pipeline's next requests
 * cost no database read. An entry is trusted for the TTL only. Anything that can end a token's
 * validity here (revoking it, disabling or deleting its user) empties the cache at once, after the
 * change is committed; another API process sees such a change within the TTL.
 *
 * <p>A lookup that read the database while a revocation was being committed must not put the old
 * answer back after the cache was emptied: {@link #put} drops the entry again when the cache was
 * emptied since the lookup's {@link #generation()}.
 */
final class TokenCache {

  private record Entry(Caller caller, long verifiedAt) {}

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier nanoClock;

  /** {@code ttl} zero (or less): nothing is cached, every request reads the database. */
  TokenCache(Duration ttl, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The caller behind this token hash, if it was verified less than the TTL ago. */
  Optional<Caller> get(String tokenHash) {
    Entry entry = entries.get(tokenHash);
    if (entry == null || nanoClock.getAsLong() - entry.verifiedAt() >= ttlNanos) {
      return Optional.empty();
    }
    return Optional.of(entry.caller());
  }

  /** Read before looking a token up in the database; passed back to {@link #put}. */
  long generation() {
    return generation.get();
  }

  /** Remembers what the database said about the token, read since {@code generationBeforeRead}. */
  void put(String tokenHash, Optional<Caller> caller, long generationBeforeRead) {
    if (ttlNanos <= 0 || caller.isEmpty()) {
      entries.remove(tokenHash);
      return;
    }
    entries.put(tokenHash, new Entry(caller.get(), nanoClock.getAsLong()));
    if (generation.get() != generationBeforeRead) {
      entries.remove(tokenHash); // emptied meanwhile: the read may predate the revocation
    }
  }

  /** Forgets every caller; call it once a change that can end a token's validity is committed. */
  void invalidateAll() {
    generation.incrementAndGet();
    entries.clear();
  }
}
