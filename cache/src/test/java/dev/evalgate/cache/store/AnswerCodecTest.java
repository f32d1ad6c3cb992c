package dev.evalgate.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class AnswerCodecTest {

    private static final int FLAGS_OFFSET = 4;

    @Test
    void roundTripsSmallAnswerWithoutCompressing() throws Exception {
        CachedAnswer answer = Answers.json("{\"id\":\"chatcmpl-1\"}");

        byte[] encoded = AnswerCodec.encode(answer);

        assertThat(encoded[FLAGS_OFFSET]).isZero();
        assertThat(AnswerCodec.decode(encoded)).isEqualTo(answer);
    }

    @Test
    void deflatesLargeCompressibleBodyAndRestoresItExactly() throws Exception {
        CachedAnswer answer =
                Answers.json("{\"content\":\"" + "all work and no play ".repeat(500) + "\"}");

        byte[] encoded = AnswerCodec.encode(answer);

        assertThat(encoded[FLAGS_OFFSET]).isEqualTo((byte) 1);
        assertThat(encoded.length).isLessThan(answer.body().length / 4);
        assertThat(AnswerCodec.decode(encoded)).isEqualTo(answer);
    }

    @Test
    void keepsIncompressibleBodyPlain() throws Exception {
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        CachedAnswer answer = new CachedAnswer(200, List.of(), noise, 1L);

        byte[] encoded = AnswerCodec.encode(answer);

        assertThat(encoded[FLAGS_OFFSET]).isZero();
        assertThat(AnswerCodec.decode(encoded)).isEqualTo(answer);
    }

    @Test
    void roundTripsUnicodeHeadersInOrder() throws Exception {
        CachedAnswer answer =
                new CachedAnswer(
                        201,
                        List.of(
                                new StoredHeader("x-modèle", "日本語 ✓ 🚀"),
                                new StoredHeader("x-empty", ""),
                                new StoredHeader("X-Modèle", "second")),
                        "ok".getBytes(StandardCharsets.UTF_8),
                        42L);

        assertThat(AnswerCodec.decode(AnswerCodec.encode(answer))).isEqualTo(answer);
    }

    @Test
    void roundTripsEmptyBodyWithoutHeaders() throws Exception {
        CachedAnswer answer = new CachedAnswer(204, List.of(), new byte[0], 0L);

        assertThat(AnswerCodec.decode(AnswerCodec.encode(answer))).isEqualTo(answer);
    }

    @Test
    void rejectsEveryTruncationOfPlainAndDeflatedEntries() {
        for (CachedAnswer answer : List.of(Answers.json("{}"), Answers.json("x".repeat(5000)))) {
            byte[] encoded = AnswerCodec.encode(answer);
            for (int length = 0; length < encoded.length; length++) {
                byte[] truncated = Arrays.copyOf(encoded, length);
                assertThatThrownBy(() -> AnswerCodec.decode(truncated))
                        .as("truncated to %d of %d bytes", length, encoded.length)
                        .isInstanceOf(CorruptEntryException.class);
            }
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] encoded = AnswerCodec.encode(Answers.json("{}"));
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);

        assertThatThrownBy(() -> AnswerCodec.decode(longer))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void rejectsForeignMagicAndUnknownVersion() {
        byte[] encoded = AnswerCodec.encode(Answers.json("{}"));
        byte[] foreign = encoded.clone();
        foreign[0] = '{';
        byte[] future = encoded.clone();
        future[3] = 2;

        assertThatThrownBy(() -> AnswerCodec.decode(foreign))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> AnswerCodec.decode(future))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("version");
    }

    @Test
    void rejectsHeaderTextThatIsNotUtf8() {
        byte[] encoded =
                AnswerCodec.encode(
                        new CachedAnswer(
                                200, List.of(new StoredHeader("ab", "v")), new byte[0], 0L));
        int nameStart = 3 + 1 + 1 + 2 + 8 + 4 + 4;
        encoded[nameStart] = (byte) 0xC3;

        assertThatThrownBy(() -> AnswerCodec.decode(encoded))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void refusesToInflateBeyondTheLimit() {
        byte[] bomb = deflatedEntry(new byte[1024], AnswerCodec.MAX_INFLATED_BYTES + 1);

        assertThatThrownBy(() -> AnswerCodec.decode(bomb))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("declared body");
    }

    @Test
    void refusesDeclaredSizeTheCompressedBytesCannotHold() {
        byte[] liar = deflatedEntry(new byte[10], 32 * 1024 * 1024);

        assertThatThrownBy(() -> AnswerCodec.decode(liar))
                .isInstanceOf(CorruptEntryException.class)
                .hasMessageContaining("cannot inflate");
    }

    @Test
    void rejectsBodyThatInflatesPastOrShortOfItsDeclaredLength() {
        byte[] body = new byte[4000];
        byte[] tooLong = deflatedEntry(body, 3000);
        byte[] tooShort = deflatedEntry(body, 5000);

        assertThatThrownBy(() -> AnswerCodec.decode(tooLong))
                .isInstanceOf(CorruptEntryException.class);
        assertThatThrownBy(() -> AnswerCodec.decode(tooShort))
                .isInstanceOf(CorruptEntryException.class);
    }

    @Test
    void describesAnswerWithoutItsBody() {
        assertThat(Answers.json("secret completion").toString())
                .doesNotContain("secret")
                .contains("body=17 bytes");
    }

    /** An entry with no headers whose body is {@code body} deflated, declaring {@code declared}. */
    private static byte[] deflatedEntry(byte[] body, int declared) {
        byte[] deflated = deflate(body);
        return ByteBuffer.allocate(3 + 1 + 1 + 2 + 8 + 4 + 8 + deflated.length)
                .put(new byte[] {'E', 'G', 'A', 1, 1})
                .putShort((short) 200)
                .putLong(0L)
                .putInt(0)
                .putInt(declared)
                .putInt(deflated.length)
                .put(deflated)
                .array();
    }

    private static byte[] deflate(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater =
                new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            deflater.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
