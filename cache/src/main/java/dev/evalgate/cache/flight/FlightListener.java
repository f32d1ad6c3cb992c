package dev.evalgate.cache.flight;

import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import java.util.List;

/**
 * A follower's view of a flight. Methods are called while the flight holds its lock, in order, past
 * events first: an implementation hands the event to its own thread (its event loop) and returns at
 * once.
 */
public interface FlightListener {

    /** The leader's successful response started (always a 2xx). */
    void onStart(int status, List<StoredHeader> headers, boolean streamed);

    /** The next piece of the leader's response body, as the upstream sent it. Never modified. */
    void onChunk(byte[] data);

    /**
     * The leader's response is complete.
     *
     * @param answer the complete non-streamed answer, or null if none could be built
     */
    void onSuccess(CachedAnswer answer);

    /**
     * The leader failed (error status, cut stream, cancelled): the follower must fend for itself.
     */
    void onFailure();
}
