package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Re-emits a stored complete answer as the SSE stream its provider would have sent, so a hit can be
 * served to a client that asked for {@code stream: true}. Output is deterministic and re-assembles,
 * through {@link StreamAssembler}, to the stored answer.
 */
public final class StreamReplayer {
    private StreamReplayer() {}

    /**
     * Renders {@code completeJson} as UTF-8 SSE: each event one {@code data:} line (Anthropic:
     * after an {@code event:} line) and a blank line; OpenAI streams end with {@code data: [DONE]}.
     *
     * @param includeUsage whether an OpenAI stream carries the usage chunk ({@code
     *     stream_options.include_usage}); sent only if the answer has usage. Anthropic streams
     *     always carry usage.
     * @throws InvalidAnswerException if {@code completeJson} is not a plain answer of {@code
     *     format}
     */
    public static byte[] replay(StreamFormat format, byte[] completeJson, boolean includeUsage)
            throws InvalidAnswerException {
        Objects.requireNonNull(format, "format");
        ObjectNode answer = Json.parseObject(Objects.requireNonNull(completeJson, "completeJson"));
        if (answer == null) {
            throw new InvalidAnswerException("stored answer is not a JSON object");
        }
        // The stream is the answer's text plus a few hundred bytes per event, usually at most
        // Deltas.MAX_PIECES of them: sized so that it rarely grows.
        try (SseWriter out = new SseWriter(completeJson.length + 8192)) {
            switch (format) {
                case OPENAI_CHAT -> ChatReplay.write(answer, includeUsage, out);
                case OPENAI_COMPLETIONS -> CompletionsReplay.write(answer, includeUsage, out);
                case ANTHROPIC_MESSAGES -> MessagesReplay.write(answer, out);
            }
            return out.toByteArray();
        }
    }
}
