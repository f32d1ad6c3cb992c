package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Protocol.OPENAI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Anthropic custom tools, {@code tool_choice} and {@code tool_use} blocks as OpenAI function tools,
 * {@code tool_choice}, {@code parallel_tool_calls} and tool calls.
 */
final class MessagesToChatTools {
    private MessagesToChatTools() {}

    static void translate(Fields request, ObjectNode out) throws UntranslatableException {
        ArrayNode tools = request.array("tools");
        if (tools != null && !tools.isEmpty()) {
            ArrayNode translated = out.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                translated.add(tool(Fields.of(tools.get(i), "tools[" + i + "]", OPENAI)));
            }
        }
        JsonNode value = request.take("tool_choice");
        if (value == null) {
            return;
        }
        Fields choice = Fields.of(value, "tool_choice", OPENAI);
        String type = choice.requiredText("type");
        switch (type) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" ->
                    out.putObject("tool_choice")
                            .put("type", "function")
                            .putObject("function")
                            .put("name", choice.requiredText("name"));
            default ->
                    throw UntranslatableException.invalid(
                            choice.path("type"), "auto, any, tool or none");
        }
        JsonNode serial = choice.take("disable_parallel_tool_use");
        if (serial != null && serial.asBoolean()) {
            out.put("parallel_tool_calls", false);
        }
        choice.refuseRest();
    }

    private static ObjectNode tool(Fields tool) throws UntranslatableException {
        String type = tool.text("type");
        if (type != null && !type.equals("custom")) {
            throw UntranslatableException.refused(
                    tool.path("type"),
                    TextNode.valueOf(type),
                    OPENAI,
                    "Anthropic-defined tools (web search, bash, text editor, computer use…)"
                            + " have no Chat Completions counterpart");
        }
        ObjectNode function = Json.object().put("name", tool.requiredText("name"));
        String description = tool.text("description");
        if (description != null) {
            function.put("description", description);
        }
        function.set("parameters", tool.required("input_schema"));
        JsonNode strict = tool.take("strict");
        if (strict != null && strict.asBoolean()) {
            function.put("strict", true);
        }
        tool.drop("cache_control");
        tool.refuseRest();
        ObjectNode out = Json.object().put("type", "function");
        out.set("function", function);
        return out;
    }

    /** A {@code tool_use} block as an OpenAI tool call. */
    static ObjectNode toolCall(Fields block) throws UntranslatableException {
        ObjectNode call = Json.object().put("id", block.requiredText("id")).put("type", "function");
        ObjectNode function = call.putObject("function").put("name", block.requiredText("name"));
        JsonNode input = block.required("input");
        if (!input.isObject()) {
            throw UntranslatableException.invalid(block.path("input"), "an object");
        }
        function.put("arguments", Json.write(input));
        block.drop("cache_control");
        block.refuseRest();
        return call;
    }
}
