package dev.evalgate.gateway.sim;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of a {@link Simulator}'s counters. Control requests ({@code /healthz},
 * {@code /sim/*}) are not counted.
 *
 * @param requests API requests received since start or the last reset
 * @param requestsByModel those requests by the {@code model} of their body
 * @param requestsByEndpoint those requests by path, without any prefix before {@code /v1}
 * @param streamsStarted streamed answers whose headers were sent
 * @param streamsCompleted streamed answers whose last event was written
 * @param streamsCancelled streamed answers whose client went away before the last event
 * @param faultsInjected requests answered with an injected fault
 * @param inFlight requests accepted and not yet fully answered or cancelled (not reset)
 * @param maxInFlight the most requests that were in flight at once since start or the last reset (a
 *     reset restarts it from the current {@code inFlight})
 */
public record SimStats(
        long requests,
        Map<String, Long> requestsByModel,
        Map<String, Long> requestsByEndpoint,
        long streamsStarted,
        long streamsCompleted,
        long streamsCancelled,
        long faultsInjected,
        int inFlight,
        int maxInFlight) {

    /** Copies the maps, sorted by key, so the snapshot never changes. */
    public SimStats {
        requestsByModel = Collections.unmodifiableMap(new TreeMap<>(requestsByModel));
        requestsByEndpoint = Collections.unmodifiableMap(new TreeMap<>(requestsByEndpoint));
    }

    /** The requests that named {@code model}, 0 if none did. */
    public long requestsFor(String model) {
        return requestsByModel.getOrDefault(model, 0L);
    }
}
