package dev.evalgate.cache.flight;

import dev.evalgate.cache.store.CachedAnswer;
import dev.evalgate.cache.store.StoredHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * One upstream call that identical requests share. The leader reports the response as it arrives;
 * followers that subscribe late are first replayed what already arrived, then get the rest live, so
 * a streamed follower sees the leader's stream as it comes, not after it ends.
 *
 * <p>Threading: all state is guarded by {@code this}; listeners are invoked under the lock (see
 * {@link FlightListener}), which keeps every follower's events in order. Once landed (success or
 * failure) the flight is removed from its {@link SingleFlight}, so later requests start anew (and
 * find the answer in the cache).
 */
public final class Flight {

    private final String key;
    private final SingleFlight owner;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<FlightListener> listeners = new ArrayList<>();
    private int status = -1;
    private List<StoredHeader> headers = List.of();
    private boolean streamed;
    private boolean landed;
    private boolean failed;
    private CachedAnswer answer;
    private long bytes;

    Flight(String key, SingleFlight owner) {
        this.key = key;
        this.owner = owner;
    }

    /** The cache key this flight answers. */
    public String key() {
        return key;
    }

    /** The complete answer once the flight succeeded with one, else null. */
    public synchronized CachedAnswer answer() {
        return answer;
    }

    /** Leader: the response started with a 2xx status. */
    public synchronized void start(int status, List<StoredHeader> headers, boolean streamed) {
        if (landed || this.status >= 0) {
            return;
        }
        this.status = status;
        this.headers = List.copyOf(headers);
        this.streamed = streamed;
        for (FlightListener l : listeners) {
            l.onStart(status, this.headers, streamed);
        }
    }

    /** Leader: the next piece of the body, owned by the flight from now on. */
    public synchronized void chunk(byte[] data) {
        if (landed || status < 0) {
            return;
        }
        chunks.add(data);
        bytes += data.length;
        for (FlightListener l : listeners) {
            l.onChunk(data);
        }
    }

    /**
     * Leader: the response is complete.
     *
     * @param complete the complete non-streamed answer, or null if none could be built
     */
    public void succeed(CachedAnswer complete) {
        synchronized (this) {
            if (landed) {
                return;
            }
            landed = true;
            answer = complete;
            // Out of the table before anyone hears of it: a follower told to retry, or a request
            // arriving now, must start a new flight rather than join this landed one.
            owner.landed(key, this);
            for (FlightListener l : listeners) {
                l.onSuccess(complete);
            }
            listeners.clear();
        }
    }

    /** Leader: no usable answer; followers must go upstream themselves. */
    public void fail() {
        synchronized (this) {
            if (landed) {
                return;
            }
            landed = true;
            failed = true;
            owner.landed(key, this);
            for (FlightListener l : listeners) {
                l.onFailure();
            }
            listeners.clear();
        }
    }

    /** Follower: receive what arrived so far, then the rest as it comes. */
    public synchronized void subscribe(FlightListener listener) {
        if (status >= 0) {
            listener.onStart(status, headers, streamed);
            for (byte[] c : chunks) {
                listener.onChunk(c);
            }
        }
        if (landed) {
            if (failed) {
                listener.onFailure();
            } else {
                listener.onSuccess(answer);
            }
            return;
        }
        listeners.add(listener);
    }

    /** Follower: stop receiving (its client went away). */
    public synchronized void unsubscribe(FlightListener listener) {
        listeners.remove(listener);
    }

    /** Followers waiting now. */
    public synchronized int followers() {
        return listeners.size();
    }

    /** The body received so far, joined (the leader builds the stored answer from it). */
    public synchronized byte[] body() {
        if (chunks.size() == 1) {
            return chunks.get(0); // a held answer comes whole: no need to copy it again
        }
        byte[] out = new byte[(int) bytes];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }
}
