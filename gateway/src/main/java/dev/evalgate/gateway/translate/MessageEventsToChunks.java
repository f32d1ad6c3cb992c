package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.cache.sse.SseEvent;
import dev.evalgate.cache.sse.SseParser;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/*
 * Design notes. A state machine over Anthropic stream events, emitting OpenAI chunks:
 *   message_start        -> first chunk (role assistant, empty content); usage so far remembered
 *   content_block_start  -> text: its text if any; tool_use: a tool call chunk (id, name, "" args)
 *   content_block_delta  -> text_delta: content; input_json_delta: that tool call's arguments
 *   message_delta        -> a chunk with the finish reason; usage updated
 *   message_stop         -> the usage chunk (when the client asked for it), then [DONE]
 *   ping, unknown events -> nothing (Anthropic may add event types; they carry no content)
 *   error                -> an OpenAI error event; the stream ends there
 * A tool call's OpenAI index counts tool_use blocks only; an Anthropic block index counts all.
 * Threading: one stream, one thread at a time (the event loop that owns the exchange).
 */
/** Anthropic Messages stream events in, OpenAI {@code chat.completion.chunk} events out. */
final class MessageEventsToChunks implements StreamTranslator {
    private final SseParser parser = new SseParser();
    private final SseOut out = new SseOut();
    private final String model;
    private final boolean includeUsage;
    private final Clock clock;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private String id;
    private long created;
    private Usage usage = Usage.NONE;
    private boolean complete;
    private boolean ended;

    MessageEventsToChunks(String model, boolean includeUsage, Clock clock) {
        this.model = model;
        this.includeUsage = includeUsage;
        this.clock = clock;
    }

    @Override
    public byte[] feed(byte[] b, int off, int len) {
        parser.feed(b, off, len, this::onEvent);
        return out.drain();
    }

    @Override
    public byte[] finish() {
        parser.finish(this::onEvent);
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
        JsonNode data = Json.parseOrNull(event.data());
        if (data == null || !data.isObject()) {
            fail("an upstream event is not a JSON object");
            return;
        }
        String type = data.path("type").asText();
        if (id == null
                && !type.equals("message_start")
                && !type.equals("ping")
                && !type.equals("error")) {
            fail("the upstream stream did not start with message_start");
            return;
        }
        switch (type) {
            case "message_start" -> start(data.path("message"));
            case "content_block_start" ->
                    blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" ->
                    blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> stop();
            case "error" -> upstreamError(data.path("error"));
            default -> {}
        }
    }

    private void start(JsonNode message) {
        id = Ids.chatId(message.path("id").asText());
        created = clock.instant().getEpochSecond();
        usage = Usage.ofAnthropic(message.get("usage"));
        ObjectNode delta = Json.object().put("role", "assistant").put("content", "");
        out.data(chunk(delta, null));
    }

    private void blockStart(int index, JsonNode block) {
        switch (block.path("type").asText()) {
            case "text" -> {
                String text = block.path("text").asText("");
                if (!text.isEmpty()) {
                    out.data(chunk(Json.object().put("content", text), null));
                }
            }
            case "tool_use" -> {
                int toolIndex = toolIndexByBlock.size();
                toolIndexByBlock.put(index, toolIndex);
                ObjectNode call =
                        Json.object()
                                .put("index", toolIndex)
                                .put("id", block.path("id").asText())
                                .put("type", "function");
                call.putObject("function")
                        .put("name", block.path("name").asText())
                        .put("arguments", "");
                ObjectNode delta = Json.object();
                delta.putArray("tool_calls").add(call);
                out.data(chunk(delta, null));
            }
            default ->
                    fail(
                            "a content block of type "
                                    + block.path("type").asText()
                                    + " cannot be translated to OpenAI");
        }
    }

    private void blockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" ->
                    out.data(
                            chunk(Json.object().put("content", delta.path("text").asText()), null));
            case "input_json_delta" -> {
                Integer toolIndex = toolIndexByBlock.get(index);
                String partial = delta.path("partial_json").asText("");
                if (toolIndex == null) {
                    fail("input_json_delta for block " + index + ", which is not a tool_use");
                } else if (!partial.isEmpty()) {
                    ObjectNode call = Json.object().put("index", toolIndex);
                    call.putObject("function").put("arguments", partial);
                    ObjectNode chunkDelta = Json.object();
                    chunkDelta.putArray("tool_calls").add(call);
                    out.data(chunk(chunkDelta, null));
                }
            }
            default ->
                    fail(
                            "a content delta of type "
                                    + delta.path("type").asText()
                                    + " cannot be translated to OpenAI");
        }
    }

    private void messageDelta(JsonNode data) {
        usage = usage.updatedBy(data.get("usage"));
        JsonNode stopReason = data.path("delta").path("stop_reason");
        if (stopReason.isTextual()) {
            String finishReason = Reasons.finishReason(stopReason.asText());
            if (finishReason == null) {
                fail("stop reason " + stopReason.asText() + " cannot be translated to OpenAI");
                return;
            }
            out.data(chunk(Json.object(), finishReason));
        }
    }

    private void stop() {
        if (includeUsage) {
            ObjectNode chunk = header();
            chunk.putArray("choices");
            chunk.set("usage", usage.toOpenAi());
            out.data(chunk);
        }
        out.done();
        complete = true;
        ended = true;
    }

    private void upstreamError(JsonNode error) {
        ObjectNode body = Json.object();
        body.putObject("error")
                .put("message", error.path("message").asText("upstream error"))
                .put("type", error.path("type").asText("api_error"))
                .putNull("param")
                .putNull("code");
        out.data(body);
        ended = true;
    }

    private void fail(String why) {
        ObjectNode body = Json.object();
        body.putObject("error")
                .put("message", "The gateway could not translate the upstream stream: " + why)
                .put("type", "server_error")
                .putNull("param")
                .put("code", "untranslatable_stream");
        out.data(body);
        ended = true;
    }

    private ObjectNode header() {
        return Json.object()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return chunk;
    }
}
