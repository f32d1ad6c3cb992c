package dev.evalgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.http.GatewayError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request body's validation before it goes anywhere ({@link ApiRequests#scan}, then {@link
 * ApiRequests#canonical}) under hostile input ({@link HostileRequests}): every body is either read
 * and given the canonical form its cache key is computed from, or refused with a 4xx {@link
 * Rejection}; the same way from heap and direct buffers; nothing else escapes. Each case rebuilds
 * its input from {@code new SplittableRandom(seed)}; the seed is in the test name. The timeout is a
 * hang guard only.
 */
@Timeout(60)
class HostileBodyTest {
    private static final int TRIES = 300;
    private static final int BODIES_PER_TRY = 4;

    static LongStream seeds() {
        return LongStream.range(0, TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyBodyIsReadOrRefusedWithA4xxWhateverItsBuffer(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < BODIES_PER_TRY; i++) {
            byte[] body = HostileRequests.any(random);
            String hex = HexFormat.of().formatHex(body);

            Object heap = validate(Unpooled.wrappedBuffer(body));
            Object direct = validate(Unpooled.directBuffer(body.length).writeBytes(body));

            assertThat(heap).as(hex).isInstanceOfAny(byte[].class, Rejection.class);
            if (heap instanceof Rejection r) {
                assertThat(r.error().status().code()).as(hex).isBetween(400, 499);
                assertThat(r.getMessage()).as(hex).isNotBlank();
                assertThat(direct).as(hex).isInstanceOf(Rejection.class);
                assertThat(((Rejection) direct).error()).as(hex).isEqualTo(r.error());
            } else {
                assertThat(direct).as(hex).isEqualTo(heap);
            }
        }
    }

    /** Regression: these passed the scan, were refused by the cache key, but forwarded uncached. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\":\"m\",\"temperature\":1e999999}",
                "{\"model\":\"m\",\"max_tokens\":-1e10001}",
                "\uFEFF{\"model\":\"m\"}"
            })
    void refusesWhatTheCacheKeyRefusesWhateverTheCacheMode(String json) {
        Object outcome = validate(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));

        assertThat(outcome).isInstanceOf(Rejection.class);
        Rejection r = (Rejection) outcome;
        assertThat(r.error()).isEqualTo(GatewayError.INVALID_JSON);
        assertThat(r.getMessage()).startsWith("The request body is not valid JSON: ");
    }

    /**
     * The canonical body, the {@link Rejection}, or whatever else escaped; releases {@code buf}.
     */
    private static Object validate(ByteBuf buf) {
        try {
            ApiRequests.scan(buf);
            byte[] canonical = ApiRequests.canonical(buf);
            assertThat(buf.readerIndex()).isZero();
            return canonical;
        } catch (Rejection r) {
            return r;
        } catch (RuntimeException | StackOverflowError e) {
            return e;
        } finally {
            buf.release();
        }
    }
}
