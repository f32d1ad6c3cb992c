package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@code chat.completion} as {@code chat.completion.chunk}s. Per choice: a role chunk,
 * content and refusal in word-sized deltas, each tool call as a header delta (id, type, name) and
 * argument deltas, and a final chunk with the finish reason. Logprobs travel with the first content
 * delta, or with the final chunk when there is no content.
 */
final class ChatReplay {
    private ChatReplay() {}

    static void write(ObjectNode answer, boolean includeUsage, SseWriter out)
            throws InvalidAnswerException {
        OpenAiChunks chunks = new OpenAiChunks(answer, "chat.completion.chunk", out);
        ArrayNode choices = Answers.array(answer, "choices");
        if (choices.isEmpty()) {
            throw new InvalidAnswerException("answer has no choices");
        }
        List<List<ObjectNode>> perChoice = new ArrayList<>();
        for (JsonNode choice : choices) {
            perChoice.add(choiceChunks(choice));
        }
        chunks.interleave(perChoice);
        ObjectNode usage = Answers.optionalObject(answer, "usage");
        if (includeUsage && usage != null) {
            chunks.usage(usage);
        }
        chunks.done();
    }

    private static List<ObjectNode> choiceChunks(JsonNode choice) throws InvalidAnswerException {
        if (!choice.isObject()) {
            throw new InvalidAnswerException("choice is not an object");
        }
        JsonNode index = choice.get("index");
        if (index == null || !index.canConvertToInt()) {
            throw new InvalidAnswerException("choice index is not an integer");
        }
        ObjectNode message = Answers.object(choice, "message");
        String finishReason = Answers.text(choice, "finish_reason");
        String role = Answers.optionalText(message, "role");
        String content = Answers.optionalText(message, "content");
        String refusal = Answers.optionalText(message, "refusal");
        JsonNode logprobs = Answers.optionalObject(choice, "logprobs");

        Pieces pieces = new Pieces(index.intValue(), logprobs);
        ObjectNode first = Json.object();
        first.put("role", role == null ? "assistant" : role);
        first.put("content", content == null ? null : "");
        first.put("refusal", refusal == null ? null : "");
        pieces.add(first, false);
        for (String piece : Deltas.split(content == null ? "" : content)) {
            pieces.add(Json.object().put("content", piece), true);
        }
        for (String piece : Deltas.split(refusal == null ? "" : refusal)) {
            pieces.add(Json.object().put("refusal", piece), false);
        }
        ObjectNode functionCall = Answers.optionalObject(message, "function_call");
        if (functionCall != null) {
            ObjectNode head = Json.object();
            head.putObject("function_call")
                    .put("name", Answers.text(functionCall, "name"))
                    .put("arguments", "");
            pieces.add(head, false);
            for (String piece : Deltas.split(arguments(functionCall))) {
                ObjectNode delta = Json.object();
                delta.putObject("function_call").put("arguments", piece);
                pieces.add(delta, false);
            }
        }
        JsonNode toolCalls = message.get("tool_calls");
        if (!Json.isAbsent(toolCalls)) {
            addToolCalls(pieces, Answers.array(message, "tool_calls"));
        }
        pieces.finish(finishReason);
        return pieces.chunks;
    }

    private static void addToolCalls(Pieces pieces, ArrayNode toolCalls)
            throws InvalidAnswerException {
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            String type = Answers.optionalText(call, "type");
            if (type != null && !type.equals("function")) {
                throw new InvalidAnswerException("tool call type " + type + " cannot be replayed");
            }
            ObjectNode function = Answers.object(call, "function");
            ObjectNode head = Json.object();
            ObjectNode headCall = head.putArray("tool_calls").addObject();
            headCall.put("index", i);
            headCall.set("id", call.get("id"));
            headCall.put("type", "function");
            headCall.putObject("function")
                    .put("name", Answers.text(function, "name"))
                    .put("arguments", "");
            pieces.add(head, false);
            for (String piece : Deltas.split(arguments(function))) {
                ObjectNode delta = Json.object();
                ObjectNode deltaCall = delta.putArray("tool_calls").addObject();
                deltaCall.put("index", i);
                deltaCall.putObject("function").put("arguments", piece);
                pieces.add(delta, false);
            }
        }
    }

    private static String arguments(ObjectNode function) throws InvalidAnswerException {
        String arguments = Answers.optionalText(function, "arguments");
        return arguments == null ? "" : arguments;
    }

    /** The chunk choices of one choice, placing its logprobs exactly once. */
    private static final class Pieces {
        final List<ObjectNode> chunks = new ArrayList<>();
        final int index;
        JsonNode logprobs;

        Pieces(int index, JsonNode logprobs) {
            this.index = index;
            this.logprobs = logprobs;
        }

        void add(ObjectNode delta, boolean takesLogprobs) {
            ObjectNode choice = Json.object();
            choice.put("index", index);
            choice.set("delta", delta);
            choice.set("logprobs", takesLogprobs ? takeLogprobs() : null);
            choice.putNull("finish_reason");
            chunks.add(choice);
        }

        void finish(String finishReason) {
            ObjectNode choice = Json.object();
            choice.put("index", index);
            choice.putObject("delta");
            choice.set("logprobs", takeLogprobs());
            choice.put("finish_reason", finishReason);
            chunks.add(choice);
        }

        private JsonNode takeLogprobs() {
            JsonNode taken = logprobs;
            logprobs = null;
            return taken;
        }
    }
}
