package dev.evalgate.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class AnswerCodecPropertyTest {

    @Property(tries = 2000)
    void decodeOfRandomBytesFailsOnlyAsCorruptEntry(@ForAll @Size(max = 300) byte[] bytes) {
        assertOnlyCorruptEntry(bytes);
    }

    @Property(tries = 2000)
    void decodeOfRandomBytesAfterAValidPreambleFailsOnlyAsCorruptEntry(
            @ForAll @Size(max = 300) byte[] tail, @ForAll boolean deflated) {
        byte[] bytes = new byte[5 + tail.length];
        bytes[0] = 'E';
        bytes[1] = 'G';
        bytes[2] = 'A';
        bytes[3] = AnswerCodec.VERSION;
        bytes[4] = (byte) (deflated ? 1 : 0);
        System.arraycopy(tail, 0, bytes, 5, tail.length);
        assertOnlyCorruptEntry(bytes);
    }

    @Property(tries = 2000)
    void decodeOfAnEntryWithOneByteChangedFailsOnlyAsCorruptEntry(
            @ForAll("positions") int position, @ForAll byte value, @ForAll boolean large) {
        byte[] bytes =
                AnswerCodec.encode(Answers.json(large ? "abc".repeat(1000) : "{\"ok\":true}"));
        bytes[position % bytes.length] = value;
        assertOnlyCorruptEntry(bytes);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    private static void assertOnlyCorruptEntry(byte[] bytes) {
        Throwable thrown = catchThrowable(() -> AnswerCodec.decode(bytes));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(CorruptEntryException.class);
        }
    }
}
