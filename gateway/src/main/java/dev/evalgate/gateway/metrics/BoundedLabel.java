package dev.evalgate.gateway.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Folds an open set of label values (pipeline names, model ids) into a bounded one: the first
 * {@code capacity} distinct values seen keep their name, every later one becomes {@code other}, and
 * a missing value becomes the given {@code missing} label. Admitted values are never evicted, so a
 * value keeps one label for the life of the process.
 *
 * <p>Threading: lock-free once warm. A known value is one {@link ConcurrentHashMap#get}; once every
 * slot is taken an unknown value costs one more volatile read. Only while slots remain does a new
 * value go through {@code computeIfAbsent}, which takes the slot atomically, so exactly {@code
 * capacity} values are ever admitted however many threads race for the last slot.
 */
final class BoundedLabel {

    /** The label of every value beyond the capacity. */
    static final String OTHER = "other";

    private final ConcurrentHashMap<String, String> admitted = new ConcurrentHashMap<>();
    private final AtomicInteger taken = new AtomicInteger();
    private final int capacity;
    private final String missing;

    BoundedLabel(int capacity, String missing) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 0)");
        }
        this.capacity = capacity;
        this.missing = missing;
    }

    /** The label {@code value} is exposed under. */
    String of(String value) {
        if (value == null || value.isEmpty()) {
            return missing;
        }
        String known = admitted.get(value);
        if (known != null) {
            return known;
        }
        if (value.equals(OTHER) || value.equals(missing)) {
            return value;
        }
        if (taken.get() >= capacity) {
            return OTHER;
        }
        String label = admitted.computeIfAbsent(value, v -> takeSlot() ? v : null);
        return label == null ? OTHER : label;
    }

    /** The distinct label values this can produce at most: the admitted ones, other, missing. */
    int maxLabels() {
        return capacity + 2;
    }

    private boolean takeSlot() {
        return taken.getAndUpdate(n -> n < capacity ? n + 1 : n) < capacity;
    }
}
