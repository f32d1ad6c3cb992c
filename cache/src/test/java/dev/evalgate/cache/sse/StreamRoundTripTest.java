package dev.evalgate.cache.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.cache.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round-trip and robustness properties of replay and assembly over random answers ({@link
 * RandomAnswers}), random cut points and random corruption. Each property runs once per seed of
 * {@link #seeds()}.
 */
class StreamRoundTripTest {
    /**
     * Cases per property: seeds {@code 0..TRIES-1}, at least as many tries as any property ever had
     * (they had 200 to 500).
     */
    private static final int TRIES = 150;

    private static final List<String> FIXTURES =
            List.of(
                    "OPENAI_CHAT:chat-n2-usage.sse",
                    "OPENAI_CHAT:chat-tools.sse",
                    "OPENAI_CHAT:chat-refusal.sse",
                    "OPENAI_COMPLETIONS:completions.sse",
                    "ANTHROPIC_MESSAGES:anthropic-thinking-tools.sse");

    static LongStream seeds() {
        return Seeded.seeds(TRIES);
    }

    private static String fixture(SplittableRandom random) {
        return FIXTURES.get(random.nextInt(FIXTURES.size()));
    }

    private static StreamFormat format(String fixture) {
        return StreamFormat.valueOf(fixture.substring(0, fixture.indexOf(':')));
    }

    private static byte[] stream(String fixture) {
        return Fixtures.bytes(fixture.substring(fixture.indexOf(':') + 1));
    }

    private static String roundTrip(StreamFormat format, String answer, boolean includeUsage)
            throws Exception {
        byte[] replayed =
                StreamReplayer.replay(
                        format, answer.getBytes(StandardCharsets.UTF_8), includeUsage);
        return Fixtures.assemble(format, replayed);
    }

    private static String feedInPieces(StreamFormat format, byte[] stream, List<Integer> cuts)
            throws IncompleteStreamException {
        StreamAssembler assembler = new StreamAssembler(format);
        int from = 0;
        for (int to : cuts) {
            assembler.feed(stream, from, to - from);
            from = to;
        }
        return new String(assembler.toCompleteJson(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void chatAnswerSurvivesReplayAndReassembly(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String answer = RandomAnswers.chat(random);
                    boolean includeUsage = random.nextBoolean();
                    ObjectNode expected = Json.parseObject(answer);
                    if (!includeUsage) {
                        expected.remove("usage");
                    }
                    assertThat(roundTrip(StreamFormat.OPENAI_CHAT, answer, includeUsage))
                            .isEqualTo(Json.write(expected));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void completionAnswerSurvivesReplayAndReassembly(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String answer = RandomAnswers.completions(random);
                    assertThat(roundTrip(StreamFormat.OPENAI_COMPLETIONS, answer, true))
                            .isEqualTo(answer);
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void messageAnswerSurvivesReplayAndReassembly(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String answer = RandomAnswers.messages(random);
                    assertThat(roundTrip(StreamFormat.ANTHROPIC_MESSAGES, answer, false))
                            .isEqualTo(answer);
                });
    }

    /**
     * One case in four feeds a fixture byte by byte (there are only five such cases); the others
     * cut it at random points.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void splittingTheStreamAnywhereGivesTheSameAnswer(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String fixture = fixture(random);
                    StreamFormat format = format(fixture);
                    byte[] stream = stream(fixture);
                    String assembled;
                    if (random.nextInt(4) == 0) {
                        StreamAssembler assembler = new StreamAssembler(format);
                        for (int i = 0; i < stream.length; i++) {
                            assembler.feed(stream, i, 1);
                        }
                        assembled = new String(assembler.toCompleteJson(), StandardCharsets.UTF_8);
                    } else {
                        List<Integer> cuts = RandomAnswers.cuts(random, stream);
                        assembled = feedInPieces(format, stream, cuts);
                    }

                    assertThat(assembled)
                            .as("%s", fixture)
                            .isEqualTo(Fixtures.assemble(format, stream));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void splittingAReplayedAnswerGivesTheSameAnswer(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String answer = RandomAnswers.chat(random);
                    byte[] stream =
                            StreamReplayer.replay(
                                    StreamFormat.OPENAI_CHAT,
                                    answer.getBytes(StandardCharsets.UTF_8),
                                    true);
                    List<Integer> cuts = RandomAnswers.cuts(random, stream);

                    assertThat(feedInPieces(StreamFormat.OPENAI_CHAT, stream, cuts))
                            .as("cut at %s", cuts)
                            .isEqualTo(answer);
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void corruptedStreamNeverThrowsAnUndeclaredException(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String fixture = fixture(random);
                    StreamFormat format = format(fixture);
                    String stream = new String(stream(fixture), StandardCharsets.UTF_8);
                    String garbage = RandomAnswers.garbage(random);
                    int at = random.nextInt(stream.length() + 1);
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
                            .as("%s with %s spliced in at %d", fixture, garbage, at)
                            .doesNotThrowAnyException();
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replayOfGarbageIsRejectedNotCrashed(long seed) {
        Seeded.check(
                seed,
                random -> {
                    String garbage = RandomAnswers.garbage(random);
                    for (StreamFormat format : StreamFormat.values()) {
                        assertThatCode(
                                        () -> {
                                            try {
                                                StreamReplayer.replay(
                                                        format,
                                                        garbage.getBytes(StandardCharsets.UTF_8),
                                                        true);
                                            } catch (InvalidAnswerException expected) {
                                                // the declared outcome
                                            }
                                        })
                                .as("%s replaying %s", format, garbage)
                                .doesNotThrowAnyException();
                    }
                });
    }
}
