package dev.evalgate.cache.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final SseParser parser = new SseParser();
    private final List<SseEvent> events = new ArrayList<>();

    private List<SseEvent> parse(String stream) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length, events::add);
        return events;
    }

    private List<SseEvent> parseByteByByte(String stream) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1, events::add);
        }
        return events;
    }

    @Test
    void dispatchesEventOnBlankLine() {
        assertThat(parse("data: {\"a\":1}\n\ndata: [DONE]\n\n"))
                .containsExactly(new SseEvent(null, "{\"a\":1}"), new SseEvent(null, "[DONE]"));
    }

    @Test
    void keepsEventNameAndResetsItAfterDispatch() {
        assertThat(parse("event: ping\ndata: {}\n\ndata: x\n\n"))
                .containsExactly(new SseEvent("ping", "{}"), new SseEvent(null, "x"));
    }

    @Test
    void acceptsCrLfAndLoneCrLineEndings() {
        assertThat(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\n"))
                .containsExactly(
                        new SseEvent(null, "a"), new SseEvent(null, "b"), new SseEvent(null, "c"));
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        assertThat(parse("data: first\ndata:second\ndata\n\n"))
                .containsExactly(new SseEvent(null, "first\nsecond\n"));
    }

    @Test
    void ignoresCommentsIdsRetriesAndEventsWithoutData() {
        assertThat(parse(": keep-alive\n\nid: 7\nretry: 100\n\nevent: lonely\n\ndata: y\n\n"))
                .containsExactly(new SseEvent(null, "y"));
    }

    @Test
    void removesOnlyOneSpaceAfterTheColon() {
        assertThat(parse("data:  two\n\n")).containsExactly(new SseEvent(null, " two"));
    }

    @Test
    void stripsLeadingByteOrderMark() {
        assertThat(parse("\uFEFFdata: z\n\n")).containsExactly(new SseEvent(null, "z"));
    }

    @Test
    void handlesSplitsInsideMultiByteCharactersAndCrLf() {
        String stream = "event: é\r\ndata: 👋 “quoted” 日本\r\n\r\ndata: next\r\n\r\n";
        assertThat(parseByteByByte(stream))
                .containsExactly(new SseEvent("é", "👋 “quoted” 日本"), new SseEvent(null, "next"));
    }

    @Test
    void crAtEndOfOneSliceAndLfAtStartOfNextIsOneLineEnd() {
        byte[] a = "data: a\r".getBytes(StandardCharsets.UTF_8);
        byte[] b = "\n\r\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(a, 0, a.length, events::add);
        parser.feed(b, 0, b.length, events::add);
        assertThat(events).containsExactly(new SseEvent(null, "a"), new SseEvent(null, "b"));
    }

    @Test
    void finishDispatchesAnEventWhoseLinesAllArrived() {
        parse("data: [DONE]\n");
        assertThat(events).isEmpty();
        parser.finish(events::add);
        assertThat(events).containsExactly(new SseEvent(null, "[DONE]"));
    }

    @Test
    void finishDiscardsAnEventCutInsideALine() {
        parse("data: {\"a\":1}\n\ndata: {\"cho");
        parser.finish(events::add);
        assertThat(events).containsExactly(new SseEvent(null, "{\"a\":1}"));
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] bytes = "xxdata: in\n\nyy".getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 2, bytes.length - 4, events::add);
        assertThat(events).containsExactly(new SseEvent(null, "in"));
    }
}
