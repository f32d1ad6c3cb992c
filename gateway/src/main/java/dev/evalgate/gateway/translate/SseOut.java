package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Translated events waiting to be handed out by {@link StreamTranslator#feed}. */
final class SseOut {
    private static final byte[] EMPTY = new byte[0];

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /** An OpenAI-style event: data only. */
    void data(JsonNode json) {
        write("data: " + Json.write(json) + "\n\n");
    }

    /** OpenAI's terminal event. */
    void done() {
        write("data: [DONE]\n\n");
    }

    /** An Anthropic-style event: the type named, then the data. */
    void event(JsonNode json) {
        write("event: " + json.path("type").asText() + "\ndata: " + Json.write(json) + "\n\n");
    }

    /** Everything written since the last drain. */
    byte[] drain() {
        if (buffer.size() == 0) {
            return EMPTY;
        }
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        return bytes;
    }

    private void write(String text) {
        buffer.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
