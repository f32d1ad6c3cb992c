package dev.evalgate.cache.flight;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Short leases that let gateway replicas sharing one store call upstream once for identical
 * requests: the replica that takes the lease calls upstream, the others wait for its answer to
 * appear in the store (or for the lease to go away, when they try to take it themselves).
 * Operations never complete exceptionally.
 */
public interface LeaseStore {

    /** The result of {@link #tryAcquire}. */
    enum Outcome {
        /** This caller holds the lease now. */
        ACQUIRED,
        /** Another replica holds it. */
        HELD_ELSEWHERE,
        /** The store could not answer: proceed without coordination (fail open). */
        UNAVAILABLE
    }

    /** Takes the lease on {@code key} for {@code owner} unless someone holds it. */
    CompletionStage<Outcome> tryAcquire(String key, String owner, Duration ttl);

    /** True while anyone holds the lease; false when it is free or the store cannot tell. */
    CompletionStage<Boolean> isHeld(String key);

    /** Gives the lease back if {@code owner} still holds it. */
    CompletionStage<Void> release(String key, String owner);
}
