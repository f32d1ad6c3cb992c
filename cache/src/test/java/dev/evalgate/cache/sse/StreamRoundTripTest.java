package dev.evalgate.cache.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StreamRoundTripTest {
    private static final List<String> FIXTURES =
            List.of(
                    "OPENAI_CHAT:chat-n2-usage.sse",
                    "OPENAI_CHAT:chat-tools.sse",
                    "OPENAI_CHAT:chat-refusal.sse",
                    "OPENAI_COMPLETIONS:completions.sse",
                    "ANTHROPIC_MESSAGES:anthropic-thinking-tools.sse");

    @Provide
    Arbitrary<String> chatAnswers() {
        return GeneratedAnswers.chat();
    }

    @Provide
    Arbitrary<String> completionAnswers() {
        return GeneratedAnswers.completions();
    }

    @Provide
    Arbitrary<String> messageAnswers() {
        return GeneratedAnswers.messages();
    }

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    private static String roundTrip(StreamFormat format, String answer, boolean includeUsage)
            throws Exception {
        byte[] replayed =
                StreamReplayer.replay(
                        format, answer.getBytes(StandardCharsets.UTF_8), includeUsage);
        return Fixtures.assemble(format, replayed);
    }

    @Property(tries = 300)
    void chatAnswerSurvivesReplayAndReassembly(
            @ForAll("chatAnswers") String answer, @ForAll boolean includeUsage) throws Exception {
        ObjectNode expected = Json.parseObject(answer);
        if (!includeUsage) {
            expected.remove("usage");
        }
        assertThat(roundTrip(StreamFormat.OPENAI_CHAT, answer, includeUsage))
                .isEqualTo(Json.write(expected));
    }

    @Property(tries = 200)
    void completionAnswerSurvivesReplayAndReassembly(@ForAll("completionAnswers") String answer)
            throws Exception {
        assertThat(roundTrip(StreamFormat.OPENAI_COMPLETIONS, answer, true)).isEqualTo(answer);
    }

    @Property(tries = 300)
    void messageAnswerSurvivesReplayAndReassembly(@ForAll("messageAnswers") String answer)
            throws Exception {
        assertThat(roundTrip(StreamFormat.ANTHROPIC_MESSAGES, answer, false)).isEqualTo(answer);
    }

    @Property(tries = 300)
    void splittingTheStreamAnywhereGivesTheSameAnswer(
            @ForAll("fixtures") String fixture,
            @ForAll("cuts") List<Double> cuts,
            @ForAll boolean byteByByte)
            throws Exception {
        StreamFormat format = StreamFormat.valueOf(fixture.substring(0, fixture.indexOf(':')));
        byte[] stream = Fixtures.bytes(fixture.substring(fixture.indexOf(':') + 1));

        StreamAssembler assembler = new StreamAssembler(format);
        if (byteByByte) {
            for (int i = 0; i < stream.length; i++) {
                assembler.feed(stream, i, 1);
            }
        } else {
            TreeSet<Integer> points = new TreeSet<>();
            cuts.forEach(c -> points.add((int) (c * stream.length)));
            points.add(stream.length);
            int from = 0;
            for (int to : points) {
                assembler.feed(stream, from, to - from);
                from = to;
            }
        }

        assertThat(new String(assembler.toCompleteJson(), StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.assemble(format, stream));
    }

    @Provide
    Arbitrary<List<Double>> cuts() {
        return Arbitraries.doubles().between(0, 1).list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void splittingAReplayedAnswerGivesTheSameAnswer(
            @ForAll("chatAnswers") String answer, @ForAll("cuts") List<Double> cuts)
            throws Exception {
        byte[] stream =
                StreamReplayer.replay(
                        StreamFormat.OPENAI_CHAT, answer.getBytes(StandardCharsets.UTF_8), true);
        StreamAssembler assembler = new StreamAssembler(StreamFormat.OPENAI_CHAT);
        TreeSet<Integer> points = new TreeSet<>();
        cuts.forEach(c -> points.add((int) (c * stream.length)));
        points.add(stream.length);
        int from = 0;
        for (int to : points) {
            assembler.feed(stream, from, to - from);
            from = to;
        }
        assertThat(new String(assembler.toCompleteJson(), StandardCharsets.UTF_8))
                .isEqualTo(answer);
    }

    @Property(tries = 500)
    void corruptedStreamNeverThrowsAnUndeclaredException(
            @ForAll("fixtures") String fixture,
            @ForAll double where,
            @ForAll("garbage") String garbage) {
        StreamFormat format = StreamFormat.valueOf(fixture.substring(0, fixture.indexOf(':')));
        String stream =
                new String(
                        Fixtures.bytes(fixture.substring(fixture.indexOf(':') + 1)),
                        StandardCharsets.UTF_8);
        int at = (int) (Math.abs(where) % 1.0 * stream.length());
        int end = Math.min(stream.length(), at + garbage.length());
        String corrupted = stream.substring(0, at) + garbage + stream.substring(end);

        StreamAssembler assembler = Fixtures.feedAll(format, corrupted);

        assertThatCode(
                        () -> {
                            try {
                                assembler.toCompleteJson();
                            } catch (IncompleteStreamException expected) {
                                assertThat(assembler.complete()).isFalse();
                            }
                        })
                .doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8),
                Arbitraries.of(
                        "\n\n",
                        "{",
                        "}",
                        "\"",
                        "[",
                        "null",
                        "1e999",
                        "\"index\":-1",
                        "[DONE]",
                        "event: error\n",
                        "\"type\":\"message_stop\"",
                        ":",
                        "\r"));
    }

    @Property(tries = 200)
    void replayOfGarbageIsRejectedNotCrashed(@ForAll("garbage") String garbage) {
        for (StreamFormat format : StreamFormat.values()) {
            assertThatCode(
                            () -> {
                                try {
                                    StreamReplayer.replay(
                                            format, garbage.getBytes(StandardCharsets.UTF_8), true);
                                } catch (InvalidAnswerException expected) {
                                    // the declared outcome
                                }
                            })
                    .doesNotThrowAnyException();
        }
    }
}
