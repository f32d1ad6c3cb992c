package dev.evalgate.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.evalgate.cache.testing.Seeded;
import java.util.HexFormat;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding anything but a well-formed entry fails only as {@link CorruptEntryException}: random
 * bytes ({@link RandomBytes}), random bytes after a valid preamble, an entry with one byte changed.
 * Each property runs once per seed of {@link #seeds()}.
 */
class AnswerCodecPropertyTest {
    /** Cases per property: seeds {@code 0..TRIES-1}, as many tries as each property ever had. */
    private static final int TRIES = 300;

    static LongStream seeds() {
        return Seeded.seeds(TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decodeOfRandomBytesFailsOnlyAsCorruptEntry(long seed) {
        Seeded.check(seed, random -> assertOnlyCorruptEntry(RandomBytes.upTo(random, 300)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decodeOfRandomBytesAfterAValidPreambleFailsOnlyAsCorruptEntry(long seed) {
        Seeded.check(
                seed,
                random -> {
                    byte[] tail = RandomBytes.upTo(random, 300);
                    boolean deflated = random.nextBoolean();
                    byte[] bytes = new byte[5 + tail.length];
                    bytes[0] = 'E';
                    bytes[1] = 'G';
                    bytes[2] = 'A';
                    bytes[3] = AnswerCodec.VERSION;
                    bytes[4] = (byte) (deflated ? 1 : 0);
                    System.arraycopy(tail, 0, bytes, 5, tail.length);
                    assertOnlyCorruptEntry(bytes);
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decodeOfAnEntryWithOneByteChangedFailsOnlyAsCorruptEntry(long seed) {
        Seeded.check(
                seed,
                random -> {
                    boolean large = random.nextBoolean();
                    byte[] bytes =
                            AnswerCodec.encode(
                                    Answers.json(large ? "abc".repeat(1000) : "{\"ok\":true}"));
                    bytes[random.nextInt(bytes.length)] = RandomBytes.any(random);
                    assertOnlyCorruptEntry(bytes);
                });
    }

    private static void assertOnlyCorruptEntry(byte[] bytes) {
        Throwable thrown = catchThrowable(() -> AnswerCodec.decode(bytes));
        if (thrown != null) {
            assertThat(thrown)
                    .as("decoding %s", HexFormat.of().formatHex(bytes))
                    .isInstanceOf(CorruptEntryException.class);
        }
    }
}
