package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes the chunks of a replayed OpenAI stream: every chunk repeats the answer's {@code id},
 * {@code created}, {@code model} (and {@code service_tier}, {@code system_fingerprint} when stored)
 * and carries one choice; choices take turns, as they do upstream with {@code n > 1}.
 */
final class OpenAiChunks {
    private final ObjectNode header = Json.object();
    private final SseWriter out;

    OpenAiChunks(ObjectNode answer, String object, SseWriter out) {
        this.out = out;
        header.set("id", answer.get("id"));
        header.put("object", object);
        header.set("created", answer.get("created"));
        header.set("model", answer.get("model"));
        for (String optional : List.of("service_tier", "system_fingerprint")) {
            JsonNode value = answer.get(optional);
            if (!Json.isAbsent(value)) {
                header.set(optional, value);
            }
        }
    }

    /** Sends the per-choice chunk lists round-robin: first chunk of each choice, then second, … */
    void interleave(List<List<ObjectNode>> perChoice) {
        int longest = perChoice.stream().mapToInt(List::size).max().orElse(0);
        for (int step = 0; step < longest; step++) {
            for (List<ObjectNode> choice : perChoice) {
                if (step < choice.size()) {
                    ObjectNode chunk = header.deepCopy();
                    chunk.putArray("choices").add(choice.get(step));
                    out.data(chunk);
                }
            }
        }
    }

    /** The trailing usage chunk of {@code stream_options.include_usage}: no choices, only usage. */
    void usage(ObjectNode usage) {
        ObjectNode chunk = header.deepCopy();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        out.data(chunk);
    }

    void done() {
        out.done();
    }
}
