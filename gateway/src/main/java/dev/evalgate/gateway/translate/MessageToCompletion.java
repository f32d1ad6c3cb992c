package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.OPENAI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;

/**
 * An Anthropic message as an OpenAI {@code chat.completion}: text blocks joined into the content,
 * {@code tool_use} blocks as tool calls, the stop reason as the finish reason, usage with cache
 * reads as cached prompt tokens.
 */
final class MessageToCompletion {
    private MessageToCompletion() {}

    static ObjectNode translate(ObjectNode message, String model, Clock clock)
            throws UntranslatableException {
        String id = message.path("id").asText("");
        if (id.isEmpty()) {
            throw UntranslatableException.invalid("id", "the message id");
        }
        JsonNode content = message.path("content");
        if (!content.isArray()) {
            throw UntranslatableException.invalid("content", "an array of content blocks");
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.array();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    Fields fields = Fields.of(block, "content[" + i + "]", OPENAI);
                    fields.take("type");
                    calls.add(MessagesToChatTools.toolCall(fields));
                }
                default ->
                        throw UntranslatableException.refused(
                                "content[" + i + "].type",
                                TextNode.valueOf(type),
                                OPENAI,
                                "a chat completion carries text and tool calls only");
            }
        }
        String stopReason = message.path("stop_reason").asText(null);
        String finishReason = Reasons.finishReason(stopReason);
        if (finishReason == null) {
            throw UntranslatableException.refused(
                    "stop_reason",
                    message.path("stop_reason"),
                    OPENAI,
                    "it has no finish reason for it");
        }
        ObjectNode out =
                Json.object()
                        .put("id", Ids.chatId(id))
                        .put("object", "chat.completion")
                        .put("created", clock.instant().getEpochSecond())
                        .put("model", model);
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        ObjectNode reply = choice.putObject("message").put("role", "assistant");
        if (text.length() == 0 && !calls.isEmpty()) {
            reply.putNull("content");
        } else {
            reply.put("content", text.toString());
        }
        reply.putNull("refusal");
        if (!calls.isEmpty()) {
            reply.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        out.set("usage", Usage.ofAnthropic(message.get("usage")).toOpenAi());
        return out;
    }
}
