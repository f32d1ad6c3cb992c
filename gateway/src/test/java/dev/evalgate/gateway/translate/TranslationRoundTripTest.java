package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Translations.assertJson;
import static dev.evalgate.gateway.translate.Translations.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenAI → Anthropic → OpenAI keeps every translatable field. Requests are written in the normal
 * form the way back produces (docs/translation.md, "Normal form"): one system message with string
 * content, {@code max_tokens}, {@code stop} as an array, compact tool arguments, a streamed request
 * asking for usage.
 */
class TranslationRoundTripTest {
    private static final String[] WORDS = {
        "pass", "fail", "JSON", "naïve", "\"quoted\"", "line\nbreak", "tab\t", "€", "😀", "{", "}"
    };

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    @Test
    void keepsAFullyFeaturedRequest() throws Exception {
        assertRoundTrip(
                json(
                        """
                        {"model": "gpt-4o", "max_tokens": 300, "temperature": 0, "top_p": 0.5,
                         "stop": ["###"], "stream": true, "stream_options": {"include_usage": true},
                         "user": "ci-42",
                         "messages": [
                           {"role": "system", "content": "Grade the answer."},
                           {"role": "user", "content": [
                              {"type": "text", "text": "Is this a cat?"},
                              {"type": "image_url", "image_url": {"url": "data:image/webp;base64,UklG"}}]},
                           {"role": "assistant", "content": "Looking.", "tool_calls": [
                              {"id": "call_9", "type": "function",
                               "function": {"name": "classify", "arguments": "{\\"k\\":[1,2]}"}}]},
                           {"role": "tool", "tool_call_id": "call_9", "content": "cat"}],
                         "tools": [{"type": "function", "function": {"name": "classify",
                            "description": "Classifies", "strict": true,
                            "parameters": {"type": "object", "properties": {"k": {"type": "array"}}}}}],
                         "tool_choice": "required", "parallel_tool_calls": false,
                         "response_format": {"type": "json_schema", "json_schema": {
                            "name": "response", "strict": true,
                            "schema": {"type": "object", "properties": {"label": {"type": "string"}}}}}}
                        """));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keepsEveryTranslatableFieldOfARandomRequest(long seed) throws Exception {
        assertRoundTrip(randomRequest(new SplittableRandom(seed)));
    }

    private static void assertRoundTrip(JsonNode request) throws UntranslatableException {
        byte[] anthropic =
                OpenAiToAnthropic.request(Json.bytes(request), "claude-sonnet-4-5", 4096);
        byte[] back = AnthropicToOpenAi.request(anthropic, request.get("model").asText());
        assertJson(json(back), request);
    }

    private static ObjectNode randomRequest(SplittableRandom random) {
        ObjectNode request = Json.object().put("model", "gpt-" + random.nextInt(100));
        ArrayNode messages = request.putArray("messages");
        if (random.nextBoolean()) {
            messages.addObject().put("role", "system").put("content", text(random));
        }
        boolean tools = random.nextBoolean();
        int exchanges = 1 + random.nextInt(4);
        int calls = 0;
        for (int i = 0; i < exchanges; i++) {
            messages.addObject().put("role", "user").set("content", userContent(random));
            if (i == exchanges - 1 && random.nextBoolean()) {
                break;
            }
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            if (tools && random.nextBoolean()) {
                if (random.nextBoolean()) {
                    assistant.put("content", text(random));
                } else {
                    assistant.putNull("content");
                }
                ArrayNode toolCalls = assistant.putArray("tool_calls");
                int n = 1 + random.nextInt(3);
                for (int c = 0; c < n; c++) {
                    String id = "call_" + calls++;
                    ObjectNode call = toolCalls.addObject().put("id", id).put("type", "function");
                    ObjectNode args = Json.object().put("q", text(random));
                    if (random.nextBoolean()) {
                        args.putArray("n").add(random.nextInt()).add(random.nextDouble());
                    }
                    call.putObject("function")
                            .put("name", "tool" + c)
                            .put("arguments", Json.write(args));
                }
                for (int c = 0; c < n; c++) {
                    ObjectNode result =
                            messages.addObject()
                                    .put("role", "tool")
                                    .put("tool_call_id", "call_" + (calls - n + c));
                    if (random.nextBoolean()) {
                        result.put("content", text(random));
                    } else {
                        result.putArray("content")
                                .addObject()
                                .put("type", "text")
                                .put("text", text(random));
                    }
                }
                if (i == exchanges - 1) {
                    break;
                }
            } else {
                assistant.put("content", text(random));
            }
        }
        if (messages.get(messages.size() - 1).get("role").asText().equals("assistant")) {
            messages.addObject().put("role", "user").put("content", text(random));
        }
        if (tools) {
            ArrayNode defs = request.putArray("tools");
            for (int c = 0; c < 3; c++) {
                ObjectNode function =
                        defs.addObject()
                                .put("type", "function")
                                .putObject("function")
                                .put("name", "tool" + c);
                if (random.nextBoolean()) {
                    function.put("description", text(random));
                }
                function.putObject("parameters").put("type", "object").putObject("properties");
                if (random.nextBoolean()) {
                    function.put("strict", true);
                }
            }
            switch (random.nextInt(5)) {
                case 0 -> request.put("tool_choice", "auto");
                case 1 -> request.put("tool_choice", "none");
                case 2 -> request.put("tool_choice", "required");
                case 3 ->
                        request.putObject("tool_choice")
                                .put("type", "function")
                                .putObject("function")
                                .put("name", "tool1");
                default -> {}
            }
            String choice = request.path("tool_choice").asText("");
            if (request.has("tool_choice") && !choice.equals("none") && random.nextBoolean()) {
                request.put("parallel_tool_calls", false);
            }
        }
        request.put("max_tokens", 1 + random.nextInt(8192));
        if (random.nextBoolean()) {
            request.put("temperature", random.nextInt(11) / 10.0);
        }
        if (random.nextBoolean()) {
            request.put("top_p", random.nextInt(1, 11) / 10.0);
        }
        if (random.nextBoolean()) {
            ArrayNode stop = request.putArray("stop");
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                stop.add(text(random));
            }
        }
        if (random.nextBoolean()) {
            boolean stream = random.nextBoolean();
            request.put("stream", stream);
            if (stream) {
                request.putObject("stream_options").put("include_usage", true);
            }
        }
        if (random.nextBoolean()) {
            request.put("user", "user-" + random.nextInt(1000));
        }
        if (random.nextInt(4) == 0) {
            ObjectNode schema =
                    request.putObject("response_format")
                            .put("type", "json_schema")
                            .putObject("json_schema")
                            .put("name", "response");
            schema.putObject("schema").put("type", "object").putObject("properties");
            schema.put("strict", true);
        }
        return request;
    }

    private static JsonNode userContent(SplittableRandom random) {
        if (random.nextBoolean()) {
            return Json.MAPPER.getNodeFactory().textNode(text(random));
        }
        ArrayNode parts = Json.array();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(3)) {
                case 0 ->
                        parts.addObject()
                                .put("type", "image_url")
                                .putObject("image_url")
                                .put("url", "https://example.com/" + random.nextInt(100) + ".png");
                case 1 ->
                        parts.addObject()
                                .put("type", "image_url")
                                .putObject("image_url")
                                .put("url", "data:image/png;base64,iVBOR" + random.nextInt(100));
                default -> parts.addObject().put("type", "text").put("text", text(random));
            }
        }
        return parts;
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder(WORDS[random.nextInt(WORDS.length)]);
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
