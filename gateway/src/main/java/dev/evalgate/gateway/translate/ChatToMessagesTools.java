package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.ANTHROPIC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * OpenAI function tools, {@code tool_choice}, {@code parallel_tool_calls} and assistant tool calls
 * as Anthropic custom tools, {@code tool_choice} and {@code tool_use} blocks.
 */
final class ChatToMessagesTools {
    private ChatToMessagesTools() {}

    static void translate(Fields request, ObjectNode out) throws UntranslatableException {
        ArrayNode tools = request.array("tools");
        if (tools != null && !tools.isEmpty()) {
            ArrayNode translated = out.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                translated.add(tool(Fields.of(tools.get(i), "tools[" + i + "]", ANTHROPIC)));
            }
        }
        ObjectNode choice = toolChoice(request);
        JsonNode parallel = request.take("parallel_tool_calls");
        if (parallel != null && !parallel.isBoolean()) {
            throw UntranslatableException.invalid("parallel_tool_calls", "a boolean");
        }
        boolean serial = parallel != null && !parallel.booleanValue();
        if (serial && out.has("tools")) {
            if (choice == null) {
                choice = Json.object().put("type", "auto");
            }
            if (!choice.path("type").asText().equals("none")) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static ObjectNode tool(Fields tool) throws UntranslatableException {
        String type = tool.requiredText("type");
        if (!type.equals("function")) {
            throw UntranslatableException.refused(
                    tool.path("type"),
                    TextNode.valueOf(type),
                    ANTHROPIC,
                    "only function tools translate");
        }
        Fields function = Fields.of(tool.required("function"), tool.path("function"), ANTHROPIC);
        ObjectNode out = Json.object().put("name", function.requiredText("name"));
        String description = function.text("description");
        if (description != null) {
            out.put("description", description);
        }
        JsonNode parameters = function.take("parameters");
        if (parameters == null) {
            parameters = Json.object().put("type", "object").set("properties", Json.object());
        } else if (!parameters.isObject()) {
            throw UntranslatableException.invalid(function.path("parameters"), "a JSON schema");
        }
        out.set("input_schema", parameters);
        JsonNode strict = function.take("strict");
        if (strict != null && strict.asBoolean()) {
            out.put("strict", true);
        }
        function.refuseRest();
        tool.refuseRest();
        return out;
    }

    private static ObjectNode toolChoice(Fields request) throws UntranslatableException {
        JsonNode value = request.take("tool_choice");
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return switch (value.textValue()) {
                case "auto" -> Json.object().put("type", "auto");
                case "none" -> Json.object().put("type", "none");
                case "required" -> Json.object().put("type", "any");
                default ->
                        throw UntranslatableException.invalid(
                                "tool_choice", "auto, none, required or a function");
            };
        }
        Fields choice = Fields.of(value, "tool_choice", ANTHROPIC);
        String type = choice.requiredText("type");
        if (!type.equals("function")) {
            throw UntranslatableException.refused(
                    choice.path("type"),
                    TextNode.valueOf(type),
                    ANTHROPIC,
                    "only auto, none, required and a named function translate");
        }
        Fields function = Fields.of(choice.required("function"), "tool_choice.function", ANTHROPIC);
        ObjectNode out =
                Json.object().put("type", "tool").put("name", function.requiredText("name"));
        function.refuseRest();
        choice.refuseRest();
        return out;
    }

    /** An assistant message's tool call at {@code path} as a {@code tool_use} block. */
    static ObjectNode toolUse(JsonNode value, String path) throws UntranslatableException {
        Fields call = Fields.of(value, path, ANTHROPIC);
        String type = call.requiredText("type");
        if (!type.equals("function")) {
            throw UntranslatableException.refused(
                    call.path("type"),
                    TextNode.valueOf(type),
                    ANTHROPIC,
                    "only function tool calls translate");
        }
        String id = call.requiredText("id");
        Fields function = Fields.of(call.required("function"), call.path("function"), ANTHROPIC);
        String name = function.requiredText("name");
        ObjectNode input =
                arguments(function.requiredText("arguments"), function.path("arguments"));
        function.refuseRest();
        call.refuseRest();
        ObjectNode block = Json.object().put("type", "tool_use").put("id", id).put("name", name);
        block.set("input", input);
        return block;
    }

    /** Tool-call arguments (a JSON text) as the JSON object Anthropic takes as tool input. */
    static ObjectNode arguments(String arguments, String path) throws UntranslatableException {
        if (arguments.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.parseOrNull(arguments);
        if (parsed == null || !parsed.isObject()) {
            throw UntranslatableException.refused(
                    path, null, ANTHROPIC, "its tool input must be a JSON object");
        }
        return (ObjectNode) parsed;
    }
}
