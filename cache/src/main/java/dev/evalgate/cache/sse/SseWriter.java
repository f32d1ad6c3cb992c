package dev.evalgate.cache.sse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Accumulates replayed events as UTF-8 SSE: an optional {@code event:} line, one {@code data:}.
 *
 * <p>One JSON generator writes every event's tree straight into the output as UTF-8, so no event
 * becomes a {@link String} on the way. Surrogate pairs are written as four-byte UTF-8 and a lone
 * surrogate as a {@code \}{@code uXXXX} escape (see {@link Json#MAPPER}).
 */
final class SseWriter implements AutoCloseable {
    private static final byte[] DATA = ascii("data: ");
    private static final byte[] EVENT = ascii("event: ");
    private static final byte[] END = ascii("\n\n");
    private static final byte[] DONE = ascii("data: [DONE]\n\n");

    private final ByteArrayOutputStream out;
    private final JsonGenerator json;

    /** A writer whose buffer starts at {@code sizeHint} bytes. */
    SseWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
        try {
            json = Json.MAPPER.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory generator cannot fail", e);
        }
        // Events are separate documents: nothing between them but what this class writes.
        json.setRootValueSeparator(null);
    }

    void data(JsonNode node) {
        out.writeBytes(DATA);
        tree(node);
        out.writeBytes(END);
    }

    void event(String name, JsonNode node) {
        out.writeBytes(EVENT);
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        data(node);
    }

    void done() {
        out.writeBytes(DONE);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Hands the generator's buffer back to Jackson's pool. */
    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory generator cannot fail", e);
        }
    }

    private void tree(JsonNode node) {
        try {
            json.writeTree(node);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serializes", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
