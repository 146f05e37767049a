package dev.ferry.agent;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Signatures already accepted, kept until their timestamp can no longer pass the skew check.
 * Keys are the first 16 bytes of SHA-256(signature blob): collisions are not a practical concern
 * and the entry stays small. Bounded: when full of unexpired entries it refuses new requests
 * rather than forgetting one (forgetting would re-open a replay window).
 */
final class ReplayCache {
    enum Outcome { FRESH, REPLAYED, FULL }

    private record Key(long high, long low) {}

    private final ConcurrentHashMap<Key, Long> expiries = new ConcurrentHashMap<>();
    private final int maxEntries;

    ReplayCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Records the signature hash unless already present; {@code expiresAtSec} is when its timestamp goes stale. */
    Outcome record(byte[] signatureSha256, long expiresAtSec, long nowSec) {
        if (expiries.size() >= maxEntries) {
            prune(nowSec);
            if (expiries.size() >= maxEntries) {
                return Outcome.FULL;
            }
        }
        Long previous = expiries.putIfAbsent(key(signatureSha256), expiresAtSec);
        if (previous == null) {
            return Outcome.FRESH;
        }
        return previous < nowSec ? refresh(signatureSha256, expiresAtSec, previous) : Outcome.REPLAYED;
    }

    private Outcome refresh(byte[] hash, long expiresAtSec, long previous) {
        // an expired entry not yet pruned: the skew check already rejected stale timestamps, so accept
        return expiries.replace(key(hash), previous, expiresAtSec) ? Outcome.FRESH : Outcome.REPLAYED;
    }

    /** Drops entries whose timestamps are past the skew window; run every second by the server. */
    void prune(long nowSec) {
        expiries.values().removeIf(expiry -> expiry < nowSec);
    }

    int size() {
        return expiries.size();
    }

    private static Key key(byte[] h) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (h[i] & 0xff);
            low = (low << 8) | (h[i + 8] & 0xff);
        }
        return new Key(high, low);
    }
}
