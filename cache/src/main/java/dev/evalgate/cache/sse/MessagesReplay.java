package dev.evalgate.cache.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Replays an Anthropic {@code message} as the Messages stream: {@code message_start} (the message
 * with empty content and no stop reason), a {@code ping}, per block {@code content_block_start} /
 * deltas / {@code content_block_stop}, then {@code message_delta} and {@code message_stop}. Text
 * and thinking go in word-sized deltas, a tool's input as one {@code input_json_delta}; blocks
 * without deltas (such as {@code redacted_thinking}) arrive whole in their start event.
 */
final class MessagesReplay {
    private static final Set<String> DELTA_FIELDS = Set.of("stop_reason", "stop_sequence");

    private MessagesReplay() {}

    static void write(ObjectNode answer, SseWriter out) throws InvalidAnswerException {
        ArrayNode content = Answers.array(answer, "content");
        ObjectNode usage = Answers.object(answer, "usage");
        JsonNode outputTokens = usage.get("output_tokens");
        if (outputTokens == null || !outputTokens.isIntegralNumber()) {
            throw new InvalidAnswerException("usage.output_tokens is not an integer");
        }
        ObjectNode start = Json.object();
        start.put("type", "message_start");
        ObjectNode message = start.putObject("message");
        for (Map.Entry<String, JsonNode> field : answer.properties()) {
            String name = field.getKey();
            if (name.equals("content")) {
                message.putArray("content");
            } else if (DELTA_FIELDS.contains(name)) {
                message.putNull(name);
            } else {
                message.set(name, field.getValue());
            }
        }
        out.event("message_start", start);
        out.event("ping", Json.object().put("type", "ping"));

        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            if (!block.isObject()) {
                throw new InvalidAnswerException("content block is not an object");
            }
            writeBlock(i, (ObjectNode) block, out);
        }

        ObjectNode delta = Json.object();
        delta.put("type", "message_delta");
        ObjectNode stop = delta.putObject("delta");
        stop.put("stop_reason", Answers.optionalText(answer, "stop_reason"));
        stop.put("stop_sequence", Answers.optionalText(answer, "stop_sequence"));
        delta.putObject("usage").set("output_tokens", outputTokens);
        out.event("message_delta", delta);
        out.event("message_stop", Json.object().put("type", "message_stop"));
    }

    private static void writeBlock(int index, ObjectNode block, SseWriter out)
            throws InvalidAnswerException {
        Answers.text(block, "type");
        String text = Answers.optionalText(block, "text");
        String thinking = Answers.optionalText(block, "thinking");
        String signature = Answers.optionalText(block, "signature");
        JsonNode citations = block.get("citations");
        ObjectNode input = Answers.optionalObject(block, "input");

        ObjectNode initial = block.deepCopy();
        if (text != null) {
            initial.put("text", "");
        }
        if (thinking != null) {
            initial.put("thinking", "");
        }
        if (signature != null) {
            initial.put("signature", "");
        }
        if (citations != null && citations.isArray()) {
            initial.putArray("citations");
        }
        if (input != null) {
            initial.putObject("input");
        }
        ObjectNode start = Json.object();
        start.put("type", "content_block_start");
        start.put("index", index);
        start.set("content_block", initial);
        out.event("content_block_start", start);

        for (String piece : Deltas.split(text == null ? "" : text)) {
            delta(index, "text_delta", "text", piece, out);
        }
        if (citations != null && citations.isArray()) {
            for (JsonNode citation : citations) {
                ObjectNode d = Json.object().put("type", "citations_delta");
                d.set("citation", citation);
                deltaEvent(index, d, out);
            }
        }
        for (String piece : Deltas.split(thinking == null ? "" : thinking)) {
            delta(index, "thinking_delta", "thinking", piece, out);
        }
        if (signature != null && !signature.isEmpty()) {
            delta(index, "signature_delta", "signature", signature, out);
        }
        if (input != null) {
            delta(index, "input_json_delta", "partial_json", Json.write(input), out);
        }
        ObjectNode stop = Json.object();
        stop.put("type", "content_block_stop");
        stop.put("index", index);
        out.event("content_block_stop", stop);
    }

    private static void delta(int index, String type, String field, String value, SseWriter out) {
        deltaEvent(index, Json.object().put("type", type).put(field, value), out);
    }

    private static void deltaEvent(int index, ObjectNode delta, SseWriter out) {
        ObjectNode event = Json.object();
        event.put("type", "content_block_delta");
        event.put("index", index);
        event.set("delta", delta);
        out.event("content_block_delta", event);
    }
}
