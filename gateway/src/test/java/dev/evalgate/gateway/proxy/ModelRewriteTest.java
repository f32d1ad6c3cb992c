package dev.evalgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link UpstreamRequests#rewriteModel}: the model changes, no other byte does. */
class ModelRewriteTest {

    private static String rewrite(String json, String model) throws Exception {
        return rewrite(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8), model);
    }

    private static String rewrite(ByteBuf body, String model) throws Exception {
        try {
            ByteBuf out = UpstreamRequests.rewriteModel(ByteBufAllocator.DEFAULT, body, model);
            try {
                return out.toString(StandardCharsets.UTF_8);
            } finally {
                out.release();
            }
        } finally {
            body.release();
        }
    }

    @Test
    void keepsNumbersAndEscapesThatATreeRoundTripWouldChange() throws Exception {
        String rest =
                ",\"temperature\":0.70000000000000001,\"top_p\":1e400,\"n\":1.0,"
                        + "\"messages\":[{\"content\":\"\\ud800 \\u2028 \\/\",\"model\":\"inner\"}]}";

        assertThat(rewrite("{\"model\":\"alias\"" + rest, "llama-3.1-8b"))
                .isEqualTo("{\"model\":\"llama-3.1-8b\"" + rest);
    }

    @Test
    void replacesTheModelWhereverItIsAndHoweverItIsSpelled() throws Exception {
        assertThat(
                        rewrite(
                                "{ \"a\" : [1, {\"model\":\"x\"}] ,\n \"mo\\u0064el\" : \"a\\\"b\" }",
                                "m"))
                .isEqualTo("{ \"a\" : [1, {\"model\":\"x\"}] ,\n \"mo\\u0064el\" : \"m\" }");
    }

    @Test
    void escapesTheNewModelName() throws Exception {
        assertThat(rewrite("{\"model\":\"a\"}", "q\"\\é")).isEqualTo("{\"model\":\"q\\\"\\\\é\"}");
    }

    @Test
    void addsAMissingModelFirst() throws Exception {
        assertThat(rewrite("{ }", "m")).isEqualTo("{\"model\":\"m\" }");
        assertThat(rewrite("{\"a\":1}", "m")).isEqualTo("{\"model\":\"m\",\"a\":1}");
    }

    @Test
    void readsOnlyTheBufferReadableBytes() throws Exception {
        ByteBuf framed =
                Unpooled.copiedBuffer("xx{\"model\":\"a\",\"b\":2}yy", StandardCharsets.UTF_8);
        ByteBuf slice = framed.retainedSlice(2, framed.readableBytes() - 4);
        framed.release();
        assertThat(rewrite(slice, "m")).isEqualTo("{\"model\":\"m\",\"b\":2}");

        ByteBuf direct =
                Unpooled.directBuffer()
                        .writeBytes("{\"model\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(rewrite(direct, "m")).isEqualTo("{\"model\":\"m\"}");
    }

    @Test
    void refusesWhatIsNotAnObjectWithAStringModel() {
        assertThatThrownBy(() -> rewrite("[1]", "m")).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> rewrite("{\"model\":1}", "m"))
                .isInstanceOf(java.io.IOException.class);
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rewritingBackGivesTheSameBytes(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder json = new StringBuilder("{");
        int before = random.nextInt(4);
        for (int i = 0; i < before; i++) {
            json.append("\"f").append(i).append("\" : ").append(value(random)).append(",\n");
        }
        json.append("\"model\":\"gpt-4o\"");
        int after = random.nextInt(4);
        for (int i = 0; i < after; i++) {
            json.append(" ,\"g").append(i).append("\":").append(value(random));
        }
        String original = json.append('}').toString();

        String there = rewrite(original, "other \uD83D\uDE00 model");
        assertThat(there).contains("\"model\":\"other \uD83D\uDE00 model\"");
        assertThat(rewrite(there, "gpt-4o")).isEqualTo(original);
    }

    private static String value(SplittableRandom random) {
        String[] values = {
            "1e400",
            "-0.0",
            "0.70000000000000001",
            "\"\\ud800\"",
            "\"\\u00e9\"",
            "[{\"model\":1}]",
            "{\"model\":\"m\"}",
            "null",
            "123456789012345678901234567890",
            "\"\uD83D\uDE00\""
        };
        return values[random.nextInt(values.length)];
    }
}
