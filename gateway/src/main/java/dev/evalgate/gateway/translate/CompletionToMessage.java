package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.ANTHROPIC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAI {@code chat.completion} as an Anthropic message: the content (or refusal) as a text
 * block, tool calls as {@code tool_use} blocks, the finish reason as the stop reason.
 */
final class CompletionToMessage {
    private CompletionToMessage() {}

    static ObjectNode translate(ObjectNode completion, String model)
            throws UntranslatableException {
        String id = completion.path("id").asText("");
        if (id.isEmpty()) {
            throw UntranslatableException.invalid("id", "the completion id");
        }
        JsonNode choices = completion.path("choices");
        if (!choices.isArray() || choices.size() != 1) {
            throw UntranslatableException.refused(
                    "choices", null, ANTHROPIC, "a message carries exactly one answer");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw UntranslatableException.invalid("choices[0].message", "an object");
        }
        refuseIfSet(message, "audio", "it answers in text only");
        refuseIfSet(message, "function_call", "it knows tool calls, not function calls");
        JsonNode annotations = message.path("annotations");
        if (annotations.isArray() && !annotations.isEmpty()) {
            throw UntranslatableException.refused(
                    "choices[0].message.annotations", null, ANTHROPIC, "it has no annotations");
        }
        ArrayNode content = Json.array();
        String text = message.path("content").asText("");
        String refusal = message.path("refusal").asText("");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        if (!refusal.isEmpty()) {
            content.addObject().put("type", "text").put("text", refusal);
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            content.add(toolUse(calls.get(i), "choices[0].message.tool_calls[" + i + "]"));
        }
        String stopReason =
                refusal.isEmpty()
                        ? Reasons.stopReason(choice.path("finish_reason").asText(null))
                        : "refusal";
        if (stopReason == null) {
            throw UntranslatableException.refused(
                    "choices[0].finish_reason",
                    choice.path("finish_reason"),
                    ANTHROPIC,
                    "it has no stop reason for it");
        }
        ObjectNode out =
                Json.object()
                        .put("id", Ids.messageId(id))
                        .put("type", "message")
                        .put("role", "assistant")
                        .put("model", model);
        out.set("content", content);
        out.put("stop_reason", stopReason);
        out.putNull("stop_sequence");
        out.set("usage", Usage.ofOpenAi(completion.get("usage")).toAnthropic());
        return out;
    }

    /** Leniently: OpenAI-compatible servers add fields of their own to tool calls. */
    private static ObjectNode toolUse(JsonNode call, String path) throws UntranslatableException {
        String type = call.path("type").asText("function");
        if (!type.equals("function")) {
            throw UntranslatableException.refused(
                    path + ".type",
                    call.path("type"),
                    ANTHROPIC,
                    "only function tool calls translate");
        }
        JsonNode function = call.path("function");
        ObjectNode block =
                Json.object()
                        .put("type", "tool_use")
                        .put("id", call.path("id").asText())
                        .put("name", function.path("name").asText());
        block.set(
                "input",
                ChatToMessagesTools.arguments(
                        function.path("arguments").asText(""), path + ".function.arguments"));
        return block;
    }

    private static void refuseIfSet(JsonNode message, String name, String why)
            throws UntranslatableException {
        JsonNode value = message.get(name);
        if (Json.isSet(value)) {
            throw UntranslatableException.refused(
                    "choices[0].message." + name, null, ANTHROPIC, why);
        }
    }
}
