package dev.evalgate.cache.testing;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeded-random property checks on plain JUnit 5. A property is a {@code @ParameterizedTest} over a
 * fixed range of seeds; each case rebuilds its whole input from {@code new SplittableRandom(seed)},
 * so every run checks the same cases and a failing seed reproduces exactly.
 *
 * <pre>{@code
 * static LongStream seeds() {
 *     return Seeded.seeds(300);
 * }
 *
 * @ParameterizedTest(name = "seed {0}")
 * @MethodSource("seeds")
 * void someProperty(long seed) {
 *     Seeded.check(seed, random -> { ... });
 * }
 * }</pre>
 */
public final class Seeded {
    private Seeded() {}

    /** The seeds {@code 0 .. count-1}. */
    public static LongStream seeds(int count) {
        return LongStream.range(0, count);
    }

    /** A property body: builds its input from {@code random} and asserts on it. */
    @FunctionalInterface
    public interface Property {
        void check(SplittableRandom random) throws Exception;
    }

    /**
     * Runs {@code property} on {@code new SplittableRandom(seed)}; any failure, assertion or
     * exception, is rethrown as an {@link AssertionError} whose message starts with the seed.
     */
    public static void check(long seed, Property property) {
        try {
            property.check(new SplittableRandom(seed));
        } catch (Exception | AssertionError e) {
            throw new AssertionError(
                    "property fails for seed "
                            + seed
                            + " (inputs are rebuilt from new SplittableRandom("
                            + seed
                            + ")): "
                            + e,
                    e);
        }
    }
}
