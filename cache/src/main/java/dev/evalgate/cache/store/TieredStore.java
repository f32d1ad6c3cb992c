package dev.evalgate.cache.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An in-process L1 in front of a shared L2. A lookup asks L1, then L2; an L2 hit is copied into L1.
 * A put goes to both.
 *
 * <p>L1 entries live at most {@code l1Ttl}: the L1 does not know how long an entry filled from L2
 * has left, and a purge reaches only this process's L1, so a short L1 lifetime bounds how long
 * another replica may serve a purged answer. The tiered store owns both tiers and closes them.
 */
public final class TieredStore implements AnswerStore {

    private final AnswerStore l1;
    private final AnswerStore l2;
    private final Duration l1Ttl;

    private TieredStore(AnswerStore l1, AnswerStore l2, Duration l1Ttl) {
        this.l1 = Objects.requireNonNull(l1, "l1");
        this.l2 = Objects.requireNonNull(l2, "l2");
        if (l1Ttl.isNegative() || l1Ttl.isZero()) {
            throw new IllegalArgumentException("l1Ttl: " + l1Ttl + " (expected: > 0)");
        }
        this.l1Ttl = l1Ttl;
    }

    /** Puts {@code l1} in front of {@code l2}; L1 entries live at most {@code l1Ttl}. */
    public static TieredStore of(AnswerStore l1, AnswerStore l2, Duration l1Ttl) {
        return new TieredStore(l1, l2, l1Ttl);
    }

    @Override
    public CompletionStage<Lookup> get(String key) {
        return l1.get(key)
                .thenCompose(
                        found -> {
                            if (found instanceof Lookup.Hit) {
                                return CompletableFuture.completedFuture(found);
                            }
                            return l2.get(key).thenApply(fromL2 -> fill(key, fromL2));
                        });
    }

    private Lookup fill(String key, Lookup fromL2) {
        if (fromL2 instanceof Lookup.Hit hit) {
            l1.put(key, hit.answer(), l1Ttl);
            return new Lookup.Hit(hit.answer(), Lookup.Tier.L2);
        }
        return fromL2;
    }

    /** Stores in both tiers and completes with whether L2 took the answer (L1 always does). */
    @Override
    public CompletionStage<Boolean> put(String key, CachedAnswer answer, Duration ttl) {
        l1.put(key, answer, ttl.compareTo(l1Ttl) < 0 ? ttl : l1Ttl);
        return l2.put(key, answer, ttl);
    }

    /**
     * Purges L1, then L2, and completes with L2's count: L1 entries are copies of L2 entries.
     * Completes exceptionally if L2 could not be purged.
     */
    @Override
    public CompletionStage<Long> purge(String keyPrefix) {
        return l1.purge(keyPrefix).thenCompose(ignored -> l2.purge(keyPrefix));
    }

    @Override
    public void close() {
        try {
            l1.close();
        } finally {
            l2.close();
        }
    }
}
