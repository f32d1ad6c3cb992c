package dev.evalgate.gateway.sim;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulator's counters and the ring of recent requests, shared by all event loops. Counters are
 * lock-free; the ring takes a short lock for an O(1) add.
 */
final class SimCounters {
    static final int RECORDED_LIMIT = 256;

    private final LongAdder requests = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final LongAdder streamsStarted = new LongAdder();
    private final LongAdder streamsCompleted = new LongAdder();
    private final LongAdder streamsCancelled = new LongAdder();
    private final LongAdder faultsInjected = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder bodyBytesWritten = new LongAdder();
    private final LongAdder exchangesCancelled = new LongAdder();
    private final AtomicInteger blockedWriters = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> faultsByKey = new ConcurrentHashMap<>();
    private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>(RECORDED_LIMIT);

    void request(String endpoint, String model) {
        requests.increment();
        byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
        if (model != null) {
            byModel.computeIfAbsent(model, k -> new LongAdder()).increment();
        }
    }

    void record(RecordedRequest request) {
        synchronized (recorded) {
            if (recorded.size() == RECORDED_LIMIT) {
                recorded.removeFirst();
            }
            recorded.addLast(request);
        }
    }

    List<RecordedRequest> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    void streamStarted() {
        streamsStarted.increment();
    }

    void streamCompleted() {
        streamsCompleted.increment();
    }

    void streamCancelled() {
        streamsCancelled.increment();
    }

    void bodyBytesWritten(int bytes) {
        bodyBytesWritten.add(bytes);
    }

    void exchangeCancelled() {
        exchangesCancelled.increment();
    }

    void blocked() {
        blockedWriters.incrementAndGet();
    }

    void unblocked() {
        blockedWriters.decrementAndGet();
    }

    /** Flow-control figures: see {@link SimFlow}. */
    SimFlow flow() {
        return new SimFlow(bodyBytesWritten.sum(), blockedWriters.get(), exchangesCancelled.sum());
    }

    void faultInjected() {
        faultsInjected.increment();
    }

    /**
     * Counts one more faulted request under {@code key}: true while no more than {@code times} have
     * been, so the first {@code times} requests of a key get their fault and later ones not.
     */
    boolean faultDue(String key, int times) {
        return faultsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet()
                <= times;
    }

    void accepted() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    /**
     * Zeroes the counters (fault times included) and forgets the recorded requests; in-flight is
     * live state and stays, and the in-flight high-water mark restarts from it.
     */
    void reset() {
        requests.reset();
        maxInFlight.set(inFlight.get());
        faultsByKey.clear();
        byModel.clear();
        byEndpoint.clear();
        streamsStarted.reset();
        streamsCompleted.reset();
        streamsCancelled.reset();
        faultsInjected.reset();
        bodyBytesWritten.reset();
        exchangesCancelled.reset();
        synchronized (recorded) {
            recorded.clear();
        }
    }

    SimStats snapshot() {
        return new SimStats(
                requests.sum(),
                sums(byModel),
                sums(byEndpoint),
                streamsStarted.sum(),
                streamsCompleted.sum(),
                streamsCancelled.sum(),
                faultsInjected.sum(),
                inFlight.get(),
                maxInFlight.get());
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sums = new HashMap<>();
        adders.forEach((key, adder) -> sums.put(key, adder.sum()));
        return sums;
    }
}
