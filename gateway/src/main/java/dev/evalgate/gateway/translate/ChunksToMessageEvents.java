package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.cache.sse.SseEvent;
import dev.evalgate.cache.sse.SseParser;
import java.util.HashMap;
import java.util.Map;

/*
 * Design notes. A state machine over OpenAI chunks, emitting Anthropic stream events:
 *   first chunk          -> message_start (usage is not known yet: zeros)
 *   delta.content        -> content_block_start (text) when no text block is open, text_delta
 *   delta.tool_calls[i]  -> with an id: the open block stops, content_block_start (tool_use);
 *                           arguments: input_json_delta to that call's block
 *   finish_reason        -> content_block_stop of the open block; the stop reason remembered
 *   usage (last chunk)   -> remembered
 *   [DONE]               -> message_delta (stop reason, usage), message_stop
 *   {"error": …}         -> an Anthropic error event; the stream ends there
 * OpenAI sends usage after the finish reason, so message_delta waits for [DONE]. A stream that
 * had its finish reason but lost [DONE] (some OpenAI-compatible servers omit it) is ended at
 * finish(); one cut before its finish reason is left cut.
 * Threading: one stream, one thread at a time (the event loop that owns the exchange).
 */
/** OpenAI {@code chat.completion.chunk} events in, Anthropic Messages stream events out. */
final class ChunksToMessageEvents implements StreamTranslator {
    private final SseParser parser = new SseParser();
    private final SseOut out = new SseOut();
    private final String model;
    private final Map<Integer, Integer> blockByToolIndex = new HashMap<>();
    private boolean started;
    private int blocks;
    private int openBlock = -1;
    private boolean openIsText;
    private String stopReason;
    private Usage usage = Usage.NONE;
    private boolean complete;
    private boolean ended;

    ChunksToMessageEvents(String model) {
        this.model = model;
    }

    @Override
    public byte[] feed(byte[] b, int off, int len) {
        parser.feed(b, off, len, this::onEvent);
        return out.drain();
    }

    @Override
    public byte[] finish() {
        parser.finish(this::onEvent);
        if (!ended && stopReason != null) {
            end();
        }
        ended = true;
        return out.drain();
    }

    @Override
    public boolean complete() {
        return complete;
    }

    private void onEvent(SseEvent event) {
        if (ended) {
            return;
        }
        if (event.data().equals("[DONE]")) {
            if (stopReason == null) {
                fail("the upstream stream ended without a finish reason");
            } else {
                end();
            }
            return;
        }
        JsonNode chunk = Json.parseOrNull(event.data());
        if (chunk == null || !chunk.isObject()) {
            fail("an upstream event is not a JSON object");
            return;
        }
        if (chunk.has("error")) {
            upstreamError(chunk.path("error"));
            return;
        }
        if (!started) {
            start(chunk);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt() != 0) {
                fail("the upstream stream has more than one choice");
                return;
            }
            if (!delta(choice.path("delta"))) {
                return;
            }
            JsonNode finish = choice.path("finish_reason");
            if (finish.isTextual()) {
                closeBlock();
                if (stopReason == null || !stopReason.equals("refusal")) {
                    stopReason = Reasons.stopReason(finish.asText());
                }
                if (stopReason == null) {
                    fail("finish reason " + finish.asText() + " cannot be translated to Anthropic");
                    return;
                }
            }
        }
        JsonNode chunkUsage = chunk.get("usage");
        if (Json.isSet(chunkUsage)) {
            usage = Usage.ofOpenAi(chunkUsage);
        }
    }

    private void start(JsonNode chunk) {
        started = true;
        ObjectNode message =
                Json.object()
                        .put("id", Ids.messageId(chunk.path("id").asText()))
                        .put("type", "message")
                        .put("role", "assistant")
                        .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", Usage.NONE.toAnthropic());
        ObjectNode event = Json.object().put("type", "message_start");
        event.set("message", message);
        out.event(event);
    }

    /** Translates one delta; {@code false} when the stream failed. */
    private boolean delta(JsonNode delta) {
        text(delta.path("content").asText(""));
        String refusal = delta.path("refusal").asText("");
        if (!refusal.isEmpty()) {
            text(refusal);
            stopReason = "refusal";
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int toolIndex = call.path("index").asInt();
            JsonNode function = call.path("function");
            if (call.hasNonNull("id")) {
                closeBlock();
                openBlock = blocks++;
                openIsText = false;
                blockByToolIndex.put(toolIndex, openBlock);
                ObjectNode block =
                        Json.object()
                                .put("type", "tool_use")
                                .put("id", call.path("id").asText())
                                .put("name", function.path("name").asText());
                block.putObject("input");
                ObjectNode event =
                        Json.object().put("type", "content_block_start").put("index", openBlock);
                event.set("content_block", block);
                out.event(event);
            }
            Integer block = blockByToolIndex.get(toolIndex);
            if (block == null) {
                fail("tool call " + toolIndex + " has arguments but was never started");
                return false;
            }
            String arguments = function.path("arguments").asText("");
            if (!arguments.isEmpty()) {
                ObjectNode event =
                        Json.object().put("type", "content_block_delta").put("index", block);
                event.putObject("delta")
                        .put("type", "input_json_delta")
                        .put("partial_json", arguments);
                out.event(event);
            }
        }
        return true;
    }

    private void text(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (openBlock < 0 || !openIsText) {
            closeBlock();
            openBlock = blocks++;
            openIsText = true;
            ObjectNode event =
                    Json.object().put("type", "content_block_start").put("index", openBlock);
            event.putObject("content_block").put("type", "text").put("text", "");
            out.event(event);
        }
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", openBlock);
        event.putObject("delta").put("type", "text_delta").put("text", text);
        out.event(event);
    }

    private void closeBlock() {
        if (openBlock >= 0) {
            out.event(Json.object().put("type", "content_block_stop").put("index", openBlock));
            openBlock = -1;
        }
    }

    private void end() {
        closeBlock();
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.set("usage", usage.toAnthropic());
        out.event(delta);
        out.event(Json.object().put("type", "message_stop"));
        complete = true;
        ended = true;
    }

    private void upstreamError(JsonNode error) {
        String message = error.path("message").asText("upstream error");
        out.event(errorEvent("api_error", message));
        ended = true;
    }

    private void fail(String why) {
        out.event(
                errorEvent(
                        "api_error",
                        "The gateway could not translate the upstream stream: " + why));
        ended = true;
    }

    private static ObjectNode errorEvent(String type, String message) {
        ObjectNode event = Json.object().put("type", "error");
        event.putObject("error").put("type", type).put("message", message);
        return event;
    }
}
