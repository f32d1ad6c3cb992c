package dev.evalgate.cache.store;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random byte arrays from a seeded random, biased towards the short and the degenerate. */
final class RandomBytes {
    private static final byte[] EDGE_BYTES = {0, 1, -1, 'E', 'G', 'A', 0x78, Byte.MAX_VALUE, -128};

    private RandomBytes() {}

    /**
     * Up to {@code maxLength} bytes: one array in five is at most 8 long; one in ten is a single
     * repeated byte (all zeros, all ones, ...); the rest are uniform.
     */
    static byte[] upTo(SplittableRandom random, int maxLength) {
        int length =
                random.nextInt(5) == 0
                        ? random.nextInt(Math.min(8, maxLength) + 1)
                        : random.nextInt(maxLength + 1);
        byte[] bytes = new byte[length];
        if (random.nextInt(10) == 0) {
            Arrays.fill(bytes, edgeByte(random));
        } else {
            random.nextBytes(bytes);
        }
        return bytes;
    }

    /** Any byte; one time in four one of a few special ones. */
    static byte any(SplittableRandom random) {
        return random.nextInt(4) == 0 ? edgeByte(random) : (byte) random.nextInt(256);
    }

    private static byte edgeByte(SplittableRandom random) {
        return EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
    }
}
