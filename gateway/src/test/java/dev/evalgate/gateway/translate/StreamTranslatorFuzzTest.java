package dev.evalgate.gateway.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalgate.cache.sse.SseEvent;
import dev.evalgate.cache.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds both stream translators upstream streams with hostile values in their JSON (negative and
 * huge indexes, wrong types, unpaired surrogates) and broken bytes, split at random: a translator
 * runs on the event loop, so nothing may escape it, its output must not depend on the split, and
 * every event it emits must be JSON a client SDK can read. Each case rebuilds its input from {@code
 * new SplittableRandom(seed)}; the seed is in the test name.
 */
class StreamTranslatorFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    /** A JSON scalar or empty container, as it appears in a {@code data:} line. */
    private static final Pattern VALUE =
            Pattern.compile(
                    "\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?|true|false|null|\\{}|\\[]");

    private static final String[] HOSTILE = {
        "-1",
        "2147483648",
        "99999999999999999999",
        "1e999",
        "-0",
        "0.5",
        "null",
        "\"x\"",
        "{}",
        "[]",
        "\"\"",
        "\"\\ud800\"",
        "true",
        "\"message_stop\"",
        "\"tool_use\"",
        "\"[DONE]\""
    };

    static LongStream seeds() {
        return LongStream.range(0, 150);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anthropicStreamsWithHostileValuesTranslateSafely(long seed) {
        check(
                () -> OpenAiToAnthropic.stream("gpt-4o", true, CLOCK),
                TranslationStreamsTest.ANTHROPIC_STREAM,
                new SplittableRandom(seed));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void openAiStreamsWithHostileValuesTranslateSafely(long seed) {
        check(
                () -> AnthropicToOpenAi.stream("claude-shown"),
                TranslationStreamsTest.OPENAI_STREAM,
                new SplittableRandom(seed));
    }

    private static void check(
            Supplier<StreamTranslator> translators, String stream, SplittableRandom random) {
        byte[] input = mutate(stream, random);
        String shown = new String(input, StandardCharsets.UTF_8);

        byte[] whole = translate(translators.get(), input, new SplittableRandom(0), false);
        byte[] split = translate(translators.get(), input, random, true);

        assertThat(split).as(shown).isEqualTo(whole);
        for (SseEvent event : events(whole)) {
            if (!event.data().equals("[DONE]")) {
                assertThat(readsAsJson(event.data()))
                        .as("%s%n->%n%s", shown, event.data())
                        .isTrue();
            }
        }
    }

    /** Hostile values in place of one to four JSON values, and sometimes a broken byte. */
    private static byte[] mutate(String stream, SplittableRandom random) {
        String s = stream;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            List<int[]> spans = new ArrayList<>();
            Matcher m = VALUE.matcher(s);
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
            }
            int[] span = spans.get(random.nextInt(spans.size()));
            s =
                    s.substring(0, span[0])
                            + HOSTILE[random.nextInt(HOSTILE.length)]
                            + s.substring(span[1]);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(4) == 0) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] translate(
            StreamTranslator translator, byte[] input, SplittableRandom random, boolean split) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int off = 0;
        while (off < input.length) {
            int len = split ? Math.min(input.length - off, 1 + random.nextInt(64)) : input.length;
            out.writeBytes(translator.feed(input, off, len));
            off += len;
        }
        out.writeBytes(translator.finish());
        return out.toByteArray();
    }

    private static List<SseEvent> events(byte[] bytes) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser();
        parser.feed(bytes, 0, bytes.length, events::add);
        parser.finish(events::add);
        return events;
    }

    private static boolean readsAsJson(String data) {
        try {
            return JSON.readTree(data).isObject();
        } catch (Exception e) {
            return false;
        }
    }
}
