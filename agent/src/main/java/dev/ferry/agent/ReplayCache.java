package dev.ferry.agent;

/**
 * Requests already accepted (a hash of origin + signed message), kept until their timestamp can no
 * longer pass the skew check.
 *
 * <p>An identical key implies an identical timestamp (the timestamp is part of it), so entries are
 * bucketed by expiry second and a lookup touches one bucket. Buckets form a ring longer than the
 * window, so a bucket holding another second is necessarily expired and is reset in O(1): no
 * per-entry expiry bookkeeping, no per-entry objects (8 bytes of SHA-256 per entry in a primitive
 * open-addressing set). A 64-bit collision would only make a fresh request look replayed.
 *
 * <p>Bounded: when full of unexpired entries it refuses new requests (503) rather than forgetting
 * one, since forgetting would re-open a replay window.
 */
final class ReplayCache {
  enum Outcome {
    FRESH,
    REPLAYED,
    FULL
  }

  private final LongSet[] buckets;
  private final long[] bucketExpiry;
  private final int maxEntries;
  private int size;

  /** {@code windowSeconds}: the span of possible expiry seconds (2 × skew + 1 suffices). */
  ReplayCache(int maxEntries, long windowSeconds) {
    int ring = Integer.highestOneBit((int) Math.min(1 << 20, windowSeconds + 2)) << 1;
    this.buckets = new LongSet[ring];
    this.bucketExpiry = new long[ring];
    this.maxEntries = maxEntries;
  }

  /**
   * Records the request hash unless present; {@code expiresAtSec}: the first second its timestamp
   * is stale.
   */
  synchronized Outcome record(byte[] requestSha256, long expiresAtSec, long nowSec) {
    int i = (int) Math.floorMod(expiresAtSec, (long) buckets.length);
    if (bucketExpiry[i] != expiresAtSec) {
      clear(i); // it held an expired second (the ring is longer than the window)
      bucketExpiry[i] = expiresAtSec;
    }
    long key = firstLong(requestSha256);
    LongSet set = buckets[i];
    if (set != null && set.contains(key)) {
      return Outcome.REPLAYED;
    }
    if (size >= maxEntries) {
      prune(nowSec);
      if (size >= maxEntries) {
        return Outcome.FULL;
      }
    }
    if (set == null) {
      set = buckets[i] = new LongSet();
    }
    set.add(key);
    size++;
    return Outcome.FRESH;
  }

  /** Frees expired buckets; run every second by the server. */
  synchronized void prune(long nowSec) {
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] != null && bucketExpiry[i] <= nowSec) {
        clear(i);
      }
    }
  }

  synchronized int size() {
    return size;
  }

  private void clear(int i) {
    if (buckets[i] != null) {
      size -= buckets[i].size;
      buckets[i] = null;
    }
  }

  private static long firstLong(byte[] h) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return v;
  }

  /** Open-addressing set of longs; 0 marks an empty slot, so key 0 is stored as 1. */
  private static final class LongSet {
    private long[] table = new long[16];
    private int size;

    boolean contains(long key) {
      long k = key == 0 ? 1 : key;
      int mask = table.length - 1;
      for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
        if (table[i] == 0) {
          return false;
        }
        if (table[i] == k) {
          return true;
        }
      }
    }

    void add(long key) {
      if ((size + 1) * 2 > table.length) {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long v : old) {
          if (v != 0) {
            insert(v);
          }
        }
      }
      insert(key == 0 ? 1 : key);
    }

    private void insert(long k) {
      int mask = table.length - 1;
      int i = mix(k) & mask;
      while (table[i] != 0) {
        if (table[i] == k) {
          return;
        }
        i = (i + 1) & mask;
      }
      table[i] = k;
      size++;
    }

    private static int mix(long k) {
      return (int) (k ^ (k >>> 32)); // already uniformly distributed (a hash prefix)
    }
  }
}
