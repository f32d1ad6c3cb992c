package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Assembles Anthropic Messages stream events into a {@code message}. The message skeleton comes
 * from {@code message_start}; each content block starts as its {@code content_block_start} object
 * and grows by its deltas ({@code text_delta}, {@code thinking_delta}, {@code signature_delta},
 * {@code citations_delta}, and {@code input_json_delta} parsed into {@code input} at the block's
 * stop); {@code message_delta} sets the stop reason and overrides usage counts, which Anthropic
 * reports cumulatively. An unknown delta type is a fault rather than a silently shorter answer;
 * unknown event types (such as {@code ping}) are ignored.
 */
final class MessagesAssembly extends Assembly {
    private static final List<String> HEAD = List.of("id", "type", "role", "model");
    private static final Set<String> PLACED =
            Set.of(
                    "id",
                    "type",
                    "role",
                    "model",
                    "content",
                    "stop_reason",
                    "stop_sequence",
                    "usage");
    private static final Set<String> TOOL_BLOCKS =
            Set.of("tool_use", "server_tool_use", "mcp_tool_use");

    private static final class Block {
        final ObjectNode node;
        final Map<String, StringBuilder> texts = new LinkedHashMap<>();
        StringBuilder partialJson;
        boolean stopped;

        Block(ObjectNode node) {
            this.node = node;
        }

        void append(String field, JsonNode value) throws StreamFault {
            if (!Json.isAbsent(value) && !value.isTextual()) {
                throw new StreamFault(field + " delta is not a string");
            }
            StringBuilder sb =
                    texts.computeIfAbsent(
                            field,
                            f -> new StringBuilder(Objects.toString(Json.text(node.get(f)), "")));
            if (value != null && value.isTextual()) {
                sb.append(value.textValue());
            }
        }
    }

    private ObjectNode message;
    private final Map<Integer, Block> blocks = new TreeMap<>();
    private boolean stopped;

    @Override
    void handle(SseEvent event) throws StreamFault {
        if ("error".equals(event.event())) {
            throw new StreamFault("error event");
        }
        ObjectNode data = parse(event.data());
        String type = Json.text(data.get("type"));
        if (type == null) {
            type = Objects.toString(event.event(), "");
        }
        switch (type) {
            case "message_start" -> {
                if (message != null) {
                    throw new StreamFault("second message_start");
                }
                message = required(data, "message");
            }
            case "content_block_start" -> {
                started();
                int index = index(data, "index");
                if (blocks.containsKey(index)) {
                    throw new StreamFault("content block started twice");
                }
                blocks.put(index, new Block(required(data, "content_block").deepCopy()));
            }
            case "content_block_delta" -> applyDelta(open(data), required(data, "delta"));
            case "content_block_stop" -> stop(open(data));
            case "message_delta" -> {
                started();
                ObjectNode delta = objectOrNull(data.get("delta"), "delta");
                if (delta != null) {
                    message.setAll(delta);
                }
                ObjectNode usage = objectOrNull(data.get("usage"), "usage");
                if (usage != null) {
                    mergeUsage(usage);
                }
            }
            case "message_stop" -> {
                started();
                stopped = true;
            }
            case "error" -> throw new StreamFault("error event");
            default -> {}
        }
    }

    private void started() throws StreamFault {
        if (message == null) {
            throw new StreamFault("event before message_start");
        }
    }

    private Block open(ObjectNode data) throws StreamFault {
        started();
        Block block = blocks.get(index(data, "index"));
        if (block == null || block.stopped) {
            throw new StreamFault("delta or stop for a block that is not open");
        }
        return block;
    }

    private static void applyDelta(Block block, ObjectNode delta) throws StreamFault {
        String type = Objects.toString(Json.text(delta.get("type")), "");
        switch (type) {
            case "text_delta" -> block.append("text", delta.get("text"));
            case "thinking_delta" -> block.append("thinking", delta.get("thinking"));
            case "signature_delta" -> block.append("signature", delta.get("signature"));
            case "input_json_delta" -> {
                JsonNode partial = delta.get("partial_json");
                if (!Json.isAbsent(partial) && !partial.isTextual()) {
                    throw new StreamFault("partial_json is not a string");
                }
                if (block.partialJson == null) {
                    block.partialJson = new StringBuilder();
                }
                block.partialJson.append(Objects.toString(Json.text(partial), ""));
            }
            case "citations_delta" -> {
                JsonNode citation = delta.get("citation");
                if (Json.isAbsent(citation)) {
                    throw new StreamFault("citations_delta without citation");
                }
                JsonNode citations = block.node.get("citations");
                ArrayNode array =
                        citations instanceof ArrayNode existing
                                ? existing
                                : block.node.putArray("citations");
                array.add(citation);
            }
            default -> throw new StreamFault("unknown content delta type");
        }
    }

    private static void stop(Block block) throws StreamFault {
        block.stopped = true;
        String json = block.partialJson == null ? "" : block.partialJson.toString();
        if (!json.isBlank()) {
            ObjectNode input = Json.parseObject(json);
            if (input == null) {
                throw new StreamFault("tool input is not a JSON object");
            }
            block.node.set("input", input);
        } else if (TOOL_BLOCKS.contains(Objects.toString(Json.text(block.node.get("type")), ""))
                && Json.isAbsent(block.node.get("input"))) {
            block.node.putObject("input");
        }
    }

    private void mergeUsage(ObjectNode delta) throws StreamFault {
        ObjectNode usage = objectOrNull(message.get("usage"), "usage");
        if (usage == null) {
            usage = message.putObject("usage");
        }
        for (Map.Entry<String, JsonNode> field : delta.properties()) {
            if (!field.getValue().isNull()) {
                usage.set(field.getKey(), field.getValue());
            }
        }
    }

    private static ObjectNode required(ObjectNode parent, String field) throws StreamFault {
        ObjectNode node = objectOrNull(parent.get(field), field);
        if (node == null) {
            throw new StreamFault(field + " is missing");
        }
        return node;
    }

    @Override
    boolean terminated() {
        return stopped;
    }

    @Override
    String unfinishedPart() {
        for (Block block : blocks.values()) {
            if (!block.stopped) {
                return "a content block was not stopped";
            }
        }
        return null;
    }

    @Override
    ObjectNode build() {
        ObjectNode out = Json.object();
        for (String field : HEAD) {
            out.set(field, message.get(field));
        }
        if (Json.isAbsent(out.get("type"))) {
            out.put("type", "message");
        }
        if (Json.isAbsent(out.get("role"))) {
            out.put("role", "assistant");
        }
        ArrayNode content = out.putArray("content");
        for (Block block : blocks.values()) {
            for (Map.Entry<String, StringBuilder> text : block.texts.entrySet()) {
                block.node.put(text.getKey(), text.getValue().toString());
            }
            content.add(block.node);
        }
        out.set("stop_reason", message.get("stop_reason"));
        out.set("stop_sequence", message.get("stop_sequence"));
        out.set("usage", message.get("usage"));
        for (Map.Entry<String, JsonNode> field : message.properties()) {
            if (!PLACED.contains(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        }
        return out;
    }
}
