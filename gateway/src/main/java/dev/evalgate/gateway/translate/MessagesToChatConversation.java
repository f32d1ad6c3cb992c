package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.OPENAI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Anthropic {@code system} and {@code messages} as OpenAI {@code messages}: the system prompt
 * becomes a leading system message; {@code tool_result} blocks become {@code tool} messages (one
 * per result, in order) and the rest of their user turn a user message after them; {@code tool_use}
 * blocks become the assistant message's tool calls.
 */
final class MessagesToChatConversation {
    private MessagesToChatConversation() {}

    static void translate(Fields request, ObjectNode out) throws UntranslatableException {
        ArrayNode messages = out.putArray("messages");
        JsonNode system = request.take("system");
        if (system != null) {
            messages.addObject().put("role", "system").set("content", system(system));
        }
        ArrayNode turns = request.array("messages");
        if (turns == null) {
            throw UntranslatableException.invalid("messages", "an array (it is required)");
        }
        for (int i = 0; i < turns.size(); i++) {
            Fields turn = Fields.of(turns.get(i), "messages[" + i + "]", OPENAI);
            String role = turn.requiredText("role");
            switch (role) {
                case "user" -> user(turn, messages);
                case "assistant" -> {
                    if (i == turns.size() - 1) {
                        throw UntranslatableException.refused(
                                turn.path("role"),
                                TextNode.valueOf(role),
                                OPENAI,
                                "a last assistant message is a prefill Anthropic continues, and"
                                        + " Chat Completions would answer after it instead");
                    }
                    messages.add(assistant(turn));
                }
                default ->
                        throw UntranslatableException.invalid(
                                turn.path("role"), "user or assistant");
            }
            turn.refuseRest();
        }
    }

    private static JsonNode system(JsonNode system) throws UntranslatableException {
        if (system.isTextual()) {
            return system;
        }
        if (!system.isArray()) {
            throw UntranslatableException.invalid("system", "a string or an array of text blocks");
        }
        ArrayNode parts = Json.array();
        for (int i = 0; i < system.size(); i++) {
            Fields block = Fields.of(system.get(i), "system[" + i + "]", OPENAI);
            String type = block.requiredText("type");
            if (!type.equals("text")) {
                throw UntranslatableException.invalid(block.path("type"), "text");
            }
            parts.add(textPart(block));
        }
        return parts.size() == 1 ? parts.get(0).get("text") : parts;
    }

    private static ObjectNode textPart(Fields block) throws UntranslatableException {
        ObjectNode part = Json.object().put("type", "text").put("text", block.requiredText("text"));
        block.drop("cache_control");
        block.refuse("citations", "Chat Completions has no citations");
        block.refuseRest();
        return part;
    }

    private static void user(Fields turn, ArrayNode messages) throws UntranslatableException {
        JsonNode content = turn.required("content");
        if (content.isTextual()) {
            messages.addObject().put("role", "user").set("content", content);
            return;
        }
        if (!content.isArray()) {
            throw UntranslatableException.invalid(turn.path("content"), "a string or an array");
        }
        ArrayNode parts = Json.array();
        for (int i = 0; i < content.size(); i++) {
            Fields block = Fields.of(content.get(i), turn.path("content") + "[" + i + "]", OPENAI);
            String type = block.requiredText("type");
            switch (type) {
                case "text" -> parts.add(textPart(block));
                case "image" -> parts.add(Images.toOpenAi(block));
                case "tool_result" -> {
                    flushUser(parts, messages);
                    messages.add(toolMessage(block));
                }
                default ->
                        throw UntranslatableException.refused(
                                block.path("type"),
                                TextNode.valueOf(type),
                                OPENAI,
                                "only text, image and tool_result blocks translate in a user turn");
            }
        }
        flushUser(parts, messages);
    }

    private static void flushUser(ArrayNode parts, ArrayNode messages) {
        if (!parts.isEmpty()) {
            messages.addObject().put("role", "user").set("content", parts.deepCopy());
            parts.removeAll();
        }
    }

    private static ObjectNode toolMessage(Fields block) throws UntranslatableException {
        ObjectNode message =
                Json.object()
                        .put("role", "tool")
                        .put("tool_call_id", block.requiredText("tool_use_id"));
        block.refuseUnless(
                "is_error",
                BooleanNode.FALSE,
                "its tool messages have no error flag; say so in the result text");
        block.drop("cache_control");
        JsonNode content = block.take("content");
        if (content == null) {
            message.put("content", "");
        } else if (content.isTextual()) {
            message.set("content", content);
        } else if (content.isArray()) {
            ArrayNode parts = message.putArray("content");
            for (int i = 0; i < content.size(); i++) {
                Fields inner =
                        Fields.of(content.get(i), block.path("content") + "[" + i + "]", OPENAI);
                String type = inner.requiredText("type");
                if (!type.equals("text")) {
                    throw UntranslatableException.refused(
                            inner.path("type"),
                            TextNode.valueOf(type),
                            OPENAI,
                            "its tool messages carry text only");
                }
                parts.add(textPart(inner));
            }
        } else {
            throw UntranslatableException.invalid(block.path("content"), "a string or an array");
        }
        block.refuseRest();
        return message;
    }

    private static ObjectNode assistant(Fields turn) throws UntranslatableException {
        ObjectNode message = Json.object().put("role", "assistant");
        JsonNode content = turn.required("content");
        if (content.isTextual()) {
            message.set("content", content);
            return message;
        }
        if (!content.isArray()) {
            throw UntranslatableException.invalid(turn.path("content"), "a string or an array");
        }
        ArrayNode parts = Json.array();
        ArrayNode calls = Json.array();
        for (int i = 0; i < content.size(); i++) {
            Fields block = Fields.of(content.get(i), turn.path("content") + "[" + i + "]", OPENAI);
            String type = block.requiredText("type");
            switch (type) {
                case "text" -> parts.add(textPart(block));
                case "tool_use" -> calls.add(MessagesToChatTools.toolCall(block));
                default ->
                        throw UntranslatableException.refused(
                                block.path("type"),
                                TextNode.valueOf(type),
                                OPENAI,
                                "only text and tool_use blocks translate in an assistant turn");
            }
        }
        if (parts.isEmpty()) {
            message.putNull("content");
        } else if (parts.size() == 1) {
            message.set("content", parts.get(0).get("text"));
        } else {
            message.set("content", parts);
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        return message;
    }
}
