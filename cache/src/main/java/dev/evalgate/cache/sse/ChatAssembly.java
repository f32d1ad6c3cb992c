package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles {@code chat.completion.chunk} events into a {@code chat.completion}: per choice the
 * message's role, content, refusal and tool calls (keyed by their own {@code index}), logprobs and
 * finish reason. Content and refusal stay {@code null} unless a delta carried a string for them.
 */
final class ChatAssembly extends OpenAiAssembly<ChatAssembly.ChatChoice> {
    static final class ChatChoice extends OpenAiAssembly.Choice {
        String role;
        StringBuilder content;
        StringBuilder refusal;
        FunctionCall functionCall;
        final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
        boolean logprobsSeen;
        ArrayNode contentLogprobs;
        ArrayNode refusalLogprobs;
    }

    static class FunctionCall {
        String name;
        StringBuilder arguments = new StringBuilder();
    }

    static final class ToolCall extends FunctionCall {
        String id;
        String type;
    }

    @Override
    ChatChoice newChoice() {
        return new ChatChoice();
    }

    @Override
    void merge(ChatChoice choice, ObjectNode choiceNode) throws StreamFault {
        ObjectNode delta = objectOrNull(choiceNode.get("delta"), "delta");
        if (delta != null) {
            if (choice.role == null) {
                choice.role = Json.text(delta.get("role"));
            }
            choice.content = appendText(choice.content, delta.get("content"), "content");
            choice.refusal = appendText(choice.refusal, delta.get("refusal"), "refusal");
            ObjectNode functionCall = objectOrNull(delta.get("function_call"), "function_call");
            if (functionCall != null) {
                if (choice.functionCall == null) {
                    choice.functionCall = new FunctionCall();
                }
                mergeFunction(choice.functionCall, functionCall);
            }
            mergeToolCalls(choice, delta.get("tool_calls"));
        }
        ObjectNode logprobs = objectOrNull(choiceNode.get("logprobs"), "logprobs");
        if (logprobs != null) {
            choice.logprobsSeen = true;
            choice.contentLogprobs = concat(choice.contentLogprobs, logprobs.get("content"));
            choice.refusalLogprobs = concat(choice.refusalLogprobs, logprobs.get("refusal"));
        }
    }

    private static void mergeToolCalls(ChatChoice choice, JsonNode toolCalls) throws StreamFault {
        if (Json.isAbsent(toolCalls)) {
            return;
        }
        if (!toolCalls.isArray()) {
            throw new StreamFault("tool_calls is not an array");
        }
        for (JsonNode node : toolCalls) {
            if (!node.isObject()) {
                throw new StreamFault("tool call is not an object");
            }
            ToolCall call =
                    choice.toolCalls.computeIfAbsent(index(node, "index"), i -> new ToolCall());
            if (call.id == null) {
                call.id = Json.text(node.get("id"));
            }
            if (call.type == null) {
                call.type = Json.text(node.get("type"));
            }
            ObjectNode function = objectOrNull(node.get("function"), "function");
            if (function != null) {
                mergeFunction(call, function);
            }
        }
    }

    private static void mergeFunction(FunctionCall call, ObjectNode function) throws StreamFault {
        if (call.name == null || call.name.isEmpty()) {
            call.name = Json.text(function.get("name"));
        }
        appendText(call.arguments, function.get("arguments"), "arguments");
    }

    private static ArrayNode concat(ArrayNode into, JsonNode items) throws StreamFault {
        if (Json.isAbsent(items)) {
            return into;
        }
        if (!items.isArray()) {
            throw new StreamFault("logprobs entry is not an array");
        }
        ArrayNode target = into == null ? Json.array() : into;
        target.addAll((ArrayNode) items);
        return target;
    }

    @Override
    ObjectNode build() {
        ObjectNode root = header("chat.completion");
        root.set("choices", buildChoices());
        if (usage() != null) {
            root.set("usage", usage());
        }
        if (serviceTier() != null) {
            root.put("service_tier", serviceTier());
        }
        if (systemFingerprint() != null) {
            root.put("system_fingerprint", systemFingerprint());
        }
        return root;
    }

    @Override
    ObjectNode buildChoice(int index, ChatChoice choice) {
        ObjectNode message = Json.object();
        message.put("role", choice.role == null ? "assistant" : choice.role);
        message.put("content", choice.content == null ? null : choice.content.toString());
        message.put("refusal", choice.refusal == null ? null : choice.refusal.toString());
        if (choice.functionCall != null) {
            message.set("function_call", function(choice.functionCall));
        }
        if (!choice.toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : choice.toolCalls.values()) {
                ObjectNode node = calls.addObject();
                node.put("id", call.id);
                node.put("type", call.type == null ? "function" : call.type);
                node.set("function", function(call));
            }
        }
        ObjectNode node = Json.object();
        node.put("index", index);
        node.set("message", message);
        if (choice.logprobsSeen) {
            ObjectNode logprobs = node.putObject("logprobs");
            logprobs.set("content", choice.contentLogprobs);
            logprobs.set("refusal", choice.refusalLogprobs);
        } else {
            node.putNull("logprobs");
        }
        node.put("finish_reason", choice.finishReason);
        return node;
    }

    private static ObjectNode function(FunctionCall call) {
        ObjectNode function = Json.object();
        function.put("name", call.name);
        function.put("arguments", call.arguments.toString());
        return function;
    }
}
