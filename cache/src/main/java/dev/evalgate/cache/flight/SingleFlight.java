package dev.evalgate.cache.flight;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces identical requests in flight in this process: the first becomes the leader and goes
 * upstream; the others follow its {@link Flight} and are answered from it. Thread-safe.
 */
public final class SingleFlight {

    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

    /** Leads a new flight for {@code key}, or follows the one already in the air. */
    public Join join(String key) {
        Flight created = new Flight(key, this);
        Flight existing = flights.putIfAbsent(key, created);
        return existing == null ? new Join(created, true) : new Join(existing, false);
    }

    /** Flights in the air now. */
    public int size() {
        return flights.size();
    }

    void landed(String key, Flight flight) {
        flights.remove(key, flight);
    }

    /**
     * The result of {@link #join}.
     *
     * @param flight the flight to lead or follow
     * @param leader true for the caller that must go upstream and report to the flight
     */
    public record Join(Flight flight, boolean leader) {}
}
