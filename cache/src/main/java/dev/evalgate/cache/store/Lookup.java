package dev.evalgate.cache.store;

import java.util.Locale;
import java.util.Objects;

/** What a cache lookup found: a hit (and in which tier), a miss, or a failure to look. */
public sealed interface Lookup permits Lookup.Hit, Lookup.Miss, Lookup.Failed {

    /** The shared miss. */
    static Miss miss() {
        return Miss.INSTANCE;
    }

    /** The store tier that answered a hit. */
    enum Tier {
        /** The in-process cache. */
        L1,
        /** The shared cache (Redis). */
        L2;

        /**
         * The lower-case name used in headers, logs and metric labels: {@code l1} or {@code l2}.
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a lookup could not answer. */
    enum Reason {
        /** The store did not answer within the lookup timeout. */
        TIMEOUT,
        /** The store could not be reached or answered with an error. */
        ERROR,
        /** The store held bytes that are not a valid answer (the entry is dropped). */
        CORRUPT;

        /** The lower-case name used in logs and metric labels. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The store held an answer for the key.
     *
     * @param answer the cached answer
     * @param tier the tier it came from
     */
    record Hit(CachedAnswer answer, Tier tier) implements Lookup {
        /** Validates that both parts are present. */
        public Hit {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(tier, "tier");
        }
    }

    /** The store answered and held nothing for the key. */
    record Miss() implements Lookup {
        private static final Miss INSTANCE = new Miss();
    }

    /**
     * The store could not answer; callers go upstream as on a miss (fail open).
     *
     * @param reason why
     */
    record Failed(Reason reason) implements Lookup {
        /** Validates that the reason is present. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
