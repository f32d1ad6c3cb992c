package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.ANTHROPIC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * OpenAI {@code messages} as Anthropic {@code system} and {@code messages}: leading system and
 * developer messages become the system prompt; assistant tool calls become {@code tool_use} blocks;
 * consecutive {@code tool} messages become one user turn of {@code tool_result} blocks.
 */
final class ChatToMessagesConversation {
    private ChatToMessagesConversation() {}

    static void translate(Fields request, ObjectNode out) throws UntranslatableException {
        ArrayNode messages = request.array("messages");
        if (messages == null) {
            throw UntranslatableException.invalid("messages", "an array (it is required)");
        }
        ArrayNode system = Json.array();
        ArrayNode turns = Json.array();
        ArrayNode toolResults = null;
        for (int i = 0; i < messages.size(); i++) {
            Fields message = Fields.of(messages.get(i), "messages[" + i + "]", ANTHROPIC);
            String role = message.requiredText("role");
            message.refuse("name", "it has no participant names");
            switch (role) {
                case "system", "developer" -> {
                    if (!turns.isEmpty()) {
                        throw UntranslatableException.refused(
                                message.path("role"),
                                TextNode.valueOf(role),
                                ANTHROPIC,
                                "its system prompt comes before the conversation; move this"
                                        + " message to the start");
                    }
                    system.addAll(textBlocks(message, "content"));
                    toolResults = null;
                }
                case "user" -> {
                    turns.addObject().put("role", "user").set("content", userContent(message));
                    toolResults = null;
                }
                case "assistant" -> {
                    turns.addObject()
                            .put("role", "assistant")
                            .set("content", assistantContent(message));
                    toolResults = null;
                }
                case "tool" -> {
                    if (toolResults == null) {
                        toolResults = turns.addObject().put("role", "user").putArray("content");
                    }
                    toolResults.add(toolResult(message));
                }
                case "function" ->
                        throw UntranslatableException.refused(
                                message.path("role"),
                                TextNode.valueOf(role),
                                ANTHROPIC,
                                "use tool messages, which translate");
                default ->
                        throw UntranslatableException.invalid(
                                message.path("role"), "system, developer, user, assistant or tool");
            }
            message.refuseRest();
        }
        if (!turns.isEmpty()
                && "assistant".equals(turns.get(turns.size() - 1).path("role").asText())) {
            throw UntranslatableException.refused(
                    "messages[" + (messages.size() - 1) + "]",
                    null,
                    ANTHROPIC,
                    "a conversation ending with an assistant message is continued there, not"
                            + " answered");
        }
        if (system.size() == 1) {
            out.set("system", system.get(0).get("text"));
        } else if (!system.isEmpty()) {
            out.set("system", system);
        }
        out.set("messages", turns);
    }

    /** A string or an array of text parts, as Anthropic text blocks. */
    private static ArrayNode textBlocks(Fields message, String name)
            throws UntranslatableException {
        JsonNode content = message.required(name);
        ArrayNode blocks = Json.array();
        if (content.isTextual()) {
            blocks.addObject().put("type", "text").set("text", content);
            return blocks;
        }
        if (!content.isArray()) {
            throw UntranslatableException.invalid(message.path(name), "a string or an array");
        }
        for (int i = 0; i < content.size(); i++) {
            Fields part = Fields.of(content.get(i), message.path(name) + "[" + i + "]", ANTHROPIC);
            String type = part.requiredText("type");
            if (!type.equals("text")) {
                throw UntranslatableException.refused(
                        part.path("type"),
                        TextNode.valueOf(type),
                        ANTHROPIC,
                        "only text parts can go here");
            }
            blocks.add(textBlock(part));
        }
        return blocks;
    }

    private static ObjectNode textBlock(Fields part) throws UntranslatableException {
        ObjectNode block = Json.object().put("type", "text").put("text", part.requiredText("text"));
        part.refuseRest();
        return block;
    }

    private static JsonNode userContent(Fields message) throws UntranslatableException {
        JsonNode content = message.required("content");
        if (content.isTextual()) {
            return content;
        }
        if (!content.isArray()) {
            throw UntranslatableException.invalid(message.path("content"), "a string or an array");
        }
        ArrayNode blocks = Json.array();
        for (int i = 0; i < content.size(); i++) {
            Fields part =
                    Fields.of(content.get(i), message.path("content") + "[" + i + "]", ANTHROPIC);
            String type = part.requiredText("type");
            switch (type) {
                case "text" -> blocks.add(textBlock(part));
                case "image_url" -> blocks.add(Images.toAnthropic(part));
                case "input_audio" ->
                        throw UntranslatableException.refused(
                                part.path("type"),
                                TextNode.valueOf(type),
                                ANTHROPIC,
                                "it takes no audio input");
                default ->
                        throw UntranslatableException.refused(
                                part.path("type"),
                                TextNode.valueOf(type),
                                ANTHROPIC,
                                "only text and image_url parts translate");
            }
        }
        return blocks;
    }

    private static JsonNode assistantContent(Fields message) throws UntranslatableException {
        message.refuse("refusal", "it has no refusal field in a conversation");
        message.refuse("audio", "it takes no audio");
        message.refuse("function_call", "use tool_calls, which translate");
        ArrayNode toolCalls = message.array("tool_calls");
        JsonNode content = message.take("content");
        if (content != null && content.isTextual() && toolCalls == null) {
            return content;
        }
        ArrayNode blocks = content == null ? Json.array() : textBlocks(message, "content");
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (blocks.get(i).get("text").asText().isEmpty()) {
                blocks.remove(i);
            }
        }
        if (toolCalls != null) {
            for (int i = 0; i < toolCalls.size(); i++) {
                blocks.add(
                        ChatToMessagesTools.toolUse(
                                toolCalls.get(i), message.path("tool_calls") + "[" + i + "]"));
            }
        }
        if (blocks.isEmpty()) {
            throw UntranslatableException.invalid(
                    message.path("content"), "text or tool_calls in an assistant message");
        }
        return blocks;
    }

    private static ObjectNode toolResult(Fields message) throws UntranslatableException {
        ObjectNode result =
                Json.object()
                        .put("type", "tool_result")
                        .put("tool_use_id", message.requiredText("tool_call_id"));
        JsonNode content = message.required("content");
        if (content.isTextual()) {
            result.set("content", content);
        } else {
            result.set("content", textBlocks(message, "content"));
        }
        return result;
    }
}
