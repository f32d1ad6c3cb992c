package dev.evalgate.cache.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.cache.testing.Seeded;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link SseParser} over generated streams: the events of a stream do not depend on
 * where it is split, they are the events it was written from, and garbage never throws.
 */
class SseParserFuzzTest {
    private static final int TRIES = 300;

    private static final String[] LINE_ENDS = {"\n", "\r\n", "\r"};

    /** Text that stresses UTF-8 splits and the field grammar: colons, spaces, emoji, CJK, NUL. */
    private static final String[] PIECES = {
        "a",
        "{\"x\":1}",
        ":",
        " ",
        "  ",
        "data: ",
        "\u00e9",
        "\u4e2d",
        "\uD83D\uDE00",
        "\u0000",
        "[DONE]",
        "\u2028",
        "\t"
    };

    static LongStream seeds() {
        return Seeded.seeds(TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void eventsAreTheOnesWrittenHoweverTheStreamIsSplit(long seed) {
        Seeded.check(
                seed,
                random -> {
                    List<SseEvent> written = new ArrayList<>();
                    byte[] stream = stream(random, written);

                    assertThat(parse(stream, splits(random, stream.length)))
                            .as(HexFormat.of().formatHex(stream))
                            .isEqualTo(written);
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void garbageNeverThrowsAndSplitsNeverMatter(long seed) {
        Seeded.check(
                seed,
                random -> {
                    byte[] garbage = garbage(random);

                    List<SseEvent> whole = parse(garbage, new int[0]);
                    assertThat(parse(garbage, splits(random, garbage.length)))
                            .as(HexFormat.of().formatHex(garbage))
                            .isEqualTo(whole);
                });
    }

    /** Feeds {@code stream} in the slices that {@code cuts} (ascending offsets) make, then ends. */
    private static List<SseEvent> parse(byte[] stream, int[] cuts) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            parser.feed(stream, from, cut - from, events::add);
            from = cut;
        }
        parser.feed(stream, from, stream.length - from, events::add);
        parser.finish(events::add);
        return events;
    }

    private static int[] splits(SplittableRandom random, int length) {
        return random.ints(random.nextInt(Math.min(length, 12) + 1), 0, length + 1)
                .sorted()
                .toArray();
    }

    /**
     * A well-formed stream of up to 6 events with comments, ignored fields and random line ends;
     * {@code written} receives the events it carries.
     */
    private static byte[] stream(SplittableRandom random, List<SseEvent> written) {
        StringBuilder s = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
        int events = random.nextInt(7);
        for (int e = 0; e < events; e++) {
            String end = LINE_ENDS[random.nextInt(LINE_ENDS.length)];
            if (random.nextInt(3) == 0) {
                s.append(':').append(text(random)).append(end);
            }
            String type = random.nextBoolean() ? null : "t" + text(random).replace(":", "");
            if (type != null) {
                s.append("event: ").append(type).append(end);
            }
            if (random.nextInt(4) == 0) {
                s.append("id: ").append(random.nextInt(100)).append(end);
            }
            List<String> lines = new ArrayList<>();
            int dataLines = 1 + random.nextInt(3);
            for (int i = 0; i < dataLines; i++) {
                String line = text(random);
                lines.add(line);
                // "data:" takes one optional space; a value starting with a space needs it.
                s.append(random.nextBoolean() || line.startsWith(" ") ? "data: " : "data:")
                        .append(line)
                        .append(end);
            }
            s.append(end);
            written.add(
                    new SseEvent(
                            type == null || type.isEmpty() ? null : type,
                            String.join("\n", lines)));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    /** Random bytes weighted towards line ends, colons and field names. */
    private static byte[] garbage(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = random.nextInt(80);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> out.write('\n');
                case 1 -> out.write('\r');
                case 2 -> out.write(':');
                case 3 -> out.writeBytes("data".getBytes(StandardCharsets.US_ASCII));
                default -> out.write(random.nextInt(256));
            }
        }
        return out.toByteArray();
    }
}
