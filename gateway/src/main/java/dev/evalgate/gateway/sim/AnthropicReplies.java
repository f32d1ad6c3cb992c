package dev.evalgate.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Answers to the Anthropic Messages endpoint, plain and streamed. */
final class AnthropicReplies {
    private AnthropicReplies() {}

    /** A messages answer to {@code body}, its text at least {@code answerBytes} long. */
    static Reply messages(ObjectNode body, int answerBytes) {
        String model = Fields.model(body);
        int cap = Fields.cap(body, "max_tokens");
        if (cap == 0) {
            throw SimException.invalid("max_tokens: Field required", "max_tokens");
        }
        int inputTokens =
                PromptTokens.ofAnthropic(body.path("system"), Fields.array(body, "messages"));
        Answer answer = Answer.derive(Endpoint.MESSAGES, body, cap, 0, answerBytes);
        String id = "msg_" + answer.idHex();
        String stopReason = answer.capped() ? "max_tokens" : "end_turn";
        if (!Fields.flag(body, "stream")) {
            ObjectNode message = message(id, model, stopReason);
            message.putArray("content").add(textBlock(answer.text()));
            message.set("usage", usage(inputTokens, answer.tokens()));
            return Reply.ok(message);
        }
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode start = message(id, model, null);
        start.putArray("content");
        start.set("usage", usage(inputTokens, 1));
        ObjectNode messageStart = event("message_start");
        messageStart.set("message", start);
        events.add(messageStart);
        ObjectNode blockStart = event("content_block_start").put("index", 0);
        blockStart.set("content_block", textBlock(""));
        events.add(blockStart);
        events.add(event("ping"));
        for (String delta : answer.deltas()) {
            ObjectNode event = event("content_block_delta").put("index", 0);
            event.putObject("delta").put("type", "text_delta").put("text", delta);
            events.add(event);
        }
        events.add(event("content_block_stop").put("index", 0));
        ObjectNode messageDelta = event("message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta
                .putObject("usage")
                .put("input_tokens", inputTokens)
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0)
                .put("output_tokens", answer.tokens());
        events.add(messageDelta);
        events.add(event("message_stop"));
        return Reply.stream(
                events.stream().map(e -> Sse.event(e.get("type").asText(), e)).toList());
    }

    private static ObjectNode message(String id, String model, String stopReason) {
        return Json.object()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model)
                .put("stop_reason", stopReason)
                .putNull("stop_sequence");
    }

    private static ObjectNode textBlock(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private static ObjectNode usage(int input, int output) {
        ObjectNode usage =
                Json.object()
                        .put("input_tokens", input)
                        .put("cache_creation_input_tokens", 0)
                        .put("cache_read_input_tokens", 0);
        usage.putObject("cache_creation")
                .put("ephemeral_5m_input_tokens", 0)
                .put("ephemeral_1h_input_tokens", 0);
        return usage.put("output_tokens", output).put("service_tier", "standard");
    }

    /** An event object whose {@code type} is {@code type}. */
    private static ObjectNode event(String type) {
        return Json.object().put("type", type);
    }
}
