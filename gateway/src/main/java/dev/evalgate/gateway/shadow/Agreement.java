package dev.evalgate.gateway.shadow;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Shadow comparison counts per route, since start; safe for any thread. */
public final class Agreement {

    /** How a comparison came out. */
    public enum Result {
        /** The answers agree by the route's comparator. */
        AGREE,
        /** They do not. */
        DISAGREE,
        /** The shadow call failed, or an answer had no readable text. */
        ERROR;

        /** The metric tag and JSON name. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One route's counts.
     *
     * @param agree comparisons that agreed
     * @param disagree comparisons that did not
     * @param errors comparisons that could not be made
     */
    public record Counts(long agree, long disagree, long errors) {
        /** Every comparison attempted. */
        public long comparisons() {
            return agree + disagree + errors;
        }

        /** {@code agree / (agree + disagree)}, or null before any answered comparison. */
        public Double agreementRate() {
            long decided = agree + disagree;
            return decided == 0 ? null : (double) agree / decided;
        }
    }

    private final Map<String, LongAdder[]> byRoute = new ConcurrentHashMap<>();

    void record(String route, Result result) {
        byRoute
                .computeIfAbsent(
                        route,
                        r -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()})[
                result.ordinal()]
                .increment();
    }

    /** The counts per route, by route name. */
    public Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        byRoute.forEach(
                (route, c) -> out.put(route, new Counts(c[0].sum(), c[1].sum(), c[2].sum())));
        return out;
    }
}
