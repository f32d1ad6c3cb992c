package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a legacy {@code text_completion} as streamed {@code text_completion} chunks: per choice
 * the text in word-sized pieces (the first carrying the logprobs), then an empty-text chunk with
 * the finish reason.
 */
final class CompletionsReplay {
    private CompletionsReplay() {}

    static void write(ObjectNode answer, boolean includeUsage, SseWriter out)
            throws InvalidAnswerException {
        OpenAiChunks chunks = new OpenAiChunks(answer, "text_completion", out);
        ArrayNode choices = Answers.array(answer, "choices");
        if (choices.isEmpty()) {
            throw new InvalidAnswerException("answer has no choices");
        }
        List<List<ObjectNode>> perChoice = new ArrayList<>();
        for (JsonNode choice : choices) {
            if (!choice.isObject()) {
                throw new InvalidAnswerException("choice is not an object");
            }
            JsonNode index = choice.get("index");
            if (index == null || !index.canConvertToInt()) {
                throw new InvalidAnswerException("choice index is not an integer");
            }
            String text = Answers.optionalText(choice, "text");
            String finishReason = Answers.text(choice, "finish_reason");
            JsonNode logprobs = Answers.optionalObject(choice, "logprobs");
            List<ObjectNode> list = new ArrayList<>();
            for (String piece : Deltas.split(text == null ? "" : text)) {
                list.add(choice(piece, index.intValue(), list.isEmpty() ? logprobs : null, null));
            }
            list.add(choice("", index.intValue(), list.isEmpty() ? logprobs : null, finishReason));
            perChoice.add(list);
        }
        chunks.interleave(perChoice);
        ObjectNode usage = Answers.optionalObject(answer, "usage");
        if (includeUsage && usage != null) {
            chunks.usage(usage);
        }
        chunks.done();
    }

    private static ObjectNode choice(
            String text, int index, JsonNode logprobs, String finishReason) {
        ObjectNode choice = Json.object();
        choice.put("text", text);
        choice.put("index", index);
        choice.set("logprobs", logprobs);
        choice.put("finish_reason", finishReason);
        return choice;
    }
}
