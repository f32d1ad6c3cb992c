package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Accumulates replayed events as UTF-8 SSE: an optional {@code event:} line, one {@code data:}. */
final class SseWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    void data(JsonNode node) {
        write("data: " + Json.write(node) + "\n\n");
    }

    void event(String name, JsonNode node) {
        write("event: " + name + "\ndata: " + Json.write(node) + "\n\n");
    }

    void done() {
        write("data: [DONE]\n\n");
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
