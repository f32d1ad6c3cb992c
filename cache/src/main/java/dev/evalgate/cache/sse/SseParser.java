package dev.evalgate.cache.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental parser for {@code text/event-stream} bytes, following the WHATWG event-stream
 * grammar: lines end in {@code \r\n}, {@code \n} or {@code \r}; a line starting with {@code :} is a
 * comment; {@code data:} lines accumulate; a blank line dispatches the event. Input may be split at
 * any byte, including inside a UTF-8 sequence or between {@code \r} and {@code \n}.
 *
 * <p>Not thread-safe: one parser per stream, fed in order.
 */
public final class SseParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLf;
    private boolean firstLine = true;
    private final StringBuilder data = new StringBuilder();
    private String eventType;

    /** Creates a parser positioned at the start of a stream. */
    public SseParser() {}

    /**
     * Consumes {@code len} bytes of {@code b} from {@code off}, handing every event completed by
     * them to {@code sink}.
     */
    public void feed(byte[] b, int off, int len, Consumer<SseEvent> sink) {
        Objects.checkFromIndexSize(off, len, b.length);
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (skipLf) {
                skipLf = false;
                if (c == LF) {
                    continue;
                }
            }
            if (c == CR || c == LF) {
                skipLf = c == CR;
                processLine(sink);
            } else {
                append(c);
            }
        }
    }

    /**
     * Ends the stream. An event whose field lines all arrived but whose blank line did not is
     * dispatched; an unterminated last line is evidence of a cut and is discarded with its event.
     * The parser is then ready for a new stream.
     */
    public void finish(Consumer<SseEvent> sink) {
        if (lineLength == 0) {
            dispatch(sink);
        }
        reset();
    }

    private void append(byte c) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = c;
    }

    private void processLine(Consumer<SseEvent> sink) {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (lineLength >= 3
                    && line[0] == (byte) 0xEF
                    && line[1] == (byte) 0xBB
                    && line[2] == (byte) 0xBF) {
                start = 3;
            }
        }
        int length = lineLength - start;
        lineLength = 0;
        if (length == 0) {
            dispatch(sink);
            return;
        }
        if (line[start] == ':') {
            return;
        }
        int colon = -1;
        for (int i = start; i < start + length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, start, length, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, start, colon - start, StandardCharsets.UTF_8);
            int valueStart = colon + 1;
            if (valueStart < start + length && line[valueStart] == ' ') {
                valueStart++;
            }
            value =
                    new String(
                            line, valueStart, start + length - valueStart, StandardCharsets.UTF_8);
        }
        if (field.equals("data")) {
            data.append(value).append('\n');
        } else if (field.equals("event")) {
            eventType = value;
        }
    }

    private void dispatch(Consumer<SseEvent> sink) {
        if (data.length() == 0) {
            eventType = null;
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        String type = eventType == null || eventType.isEmpty() ? null : eventType;
        data.setLength(0);
        eventType = null;
        sink.accept(new SseEvent(type, payload));
    }

    private void reset() {
        lineLength = 0;
        skipLf = false;
        firstLine = true;
        data.setLength(0);
        eventType = null;
    }
}
