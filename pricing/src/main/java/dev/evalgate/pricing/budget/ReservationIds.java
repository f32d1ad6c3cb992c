package dev.evalgate.pricing.budget;

import java.util.concurrent.ThreadLocalRandom;

/** Random 128-bit reservation ids: unique across replicas without coordination. */
final class ReservationIds {

    private ReservationIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    static void requireArguments(long budgetMicros, long worstCaseMicros) {
        if (budgetMicros < 0 || worstCaseMicros < 0) {
            throw new IllegalArgumentException(
                    "budget, worst case: "
                            + budgetMicros
                            + ", "
                            + worstCaseMicros
                            + " (expected: >= 0)");
        }
    }
}
