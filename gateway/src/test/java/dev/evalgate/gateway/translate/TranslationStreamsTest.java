package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Translations.CLOCK;
import static dev.evalgate.gateway.translate.Translations.assertJson;
import static dev.evalgate.gateway.translate.Translations.bytes;
import static dev.evalgate.gateway.translate.Translations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.cache.sse.SseEvent;
import dev.evalgate.cache.sse.SseParser;
import dev.evalgate.cache.sse.StreamAssembler;
import dev.evalgate.cache.sse.StreamFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TranslationStreamsTest {
    static final String ANTHROPIC_STREAM =
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2,"cache_read_input_tokens":10,"cache_creation_input_tokens":0},"content":[],"stop_reason":null}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check ☀️"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static final String OPENAI_STREAM =
            """
            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":" thére ☀️"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"a\\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}

            data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":0}}}

            data: [DONE]

            """;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 100);
    }

    private static StreamTranslator toOpenAi() {
        return OpenAiToAnthropic.stream("gpt-4o", true, CLOCK);
    }

    private static StreamTranslator toAnthropic() {
        return AnthropicToOpenAi.stream("claude-shown");
    }

    @Test
    void translatesAnAnthropicStreamIntoChunks() {
        List<SseEvent> events = events(whole(toOpenAi(), ANTHROPIC_STREAM));
        List<String> expected =
                List.of(
                        chunk("{\"role\": \"assistant\", \"content\": \"\"}", null),
                        chunk("{\"content\": \"Okay, let's check ☀️\"}", null),
                        chunk(
                                "{\"tool_calls\": [{\"index\": 0, \"id\":"
                                        + " \"toolu_01T1x1fJ34qAmk2tNTrN7Up6\", \"type\":"
                                        + " \"function\", \"function\": {\"name\": \"get_weather\","
                                        + " \"arguments\": \"\"}}]}",
                                null),
                        chunk(
                                "{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\":"
                                        + " \"{\\\"location\\\":\"}}]}",
                                null),
                        chunk(
                                "{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\":"
                                        + " \" \\\"San Francisco, CA\\\"}\"}}]}",
                                null),
                        chunk("{}", "tool_calls"),
                        """
                        {"id": "chatcmpl-014p7gG3wDgGV9EUtLvnow3U", "object": "chat.completion.chunk",
                         "created": 1700000000, "model": "gpt-4o", "choices": [],
                         "usage": {"prompt_tokens": 482, "completion_tokens": 89, "total_tokens": 571,
                                   "prompt_tokens_details": {"cached_tokens": 10}}}
                        """);
        assertThat(events).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(events.get(i).event()).isNull();
            assertJson(json(events.get(i).data()), expected.get(i));
        }
        assertThat(events.get(expected.size()).data()).isEqualTo("[DONE]");
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\": \"chatcmpl-014p7gG3wDgGV9EUtLvnow3U\", \"object\":"
                + " \"chat.completion.chunk\", \"created\": 1700000000, \"model\": \"gpt-4o\","
                + " \"choices\": [{\"index\": 0, \"delta\": "
                + delta
                + ", \"logprobs\": null, \"finish_reason\": "
                + (finishReason == null ? "null" : "\"" + finishReason + "\"")
                + "}]}";
    }

    @Test
    void leavesTheUsageChunkOutUnlessAskedFor() {
        StreamTranslator translator = OpenAiToAnthropic.stream("gpt-4o", false, CLOCK);
        List<SseEvent> events = events(whole(translator, ANTHROPIC_STREAM));
        assertThat(events).noneMatch(e -> e.data().contains("\"usage\""));
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        assertThat(translator.complete()).isTrue();
    }

    @Test
    void translatesAnOpenAiStreamIntoMessageEvents() {
        List<SseEvent> events = events(whole(toAnthropic(), OPENAI_STREAM));
        List<String> expected =
                List.of(
                        """
                        {"type": "message_start", "message": {"id": "msg_abc", "type": "message",
                         "role": "assistant", "model": "claude-shown", "content": [],
                         "stop_reason": null, "stop_sequence": null,
                         "usage": {"input_tokens": 0, "cache_creation_input_tokens": 0,
                                   "cache_read_input_tokens": 0, "output_tokens": 0}}}
                        """,
                        "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\":"
                                + " {\"type\": \"text\", \"text\": \"\"}}",
                        textDelta(0, "Hi"),
                        textDelta(0, " thére ☀️"),
                        "{\"type\": \"content_block_stop\", \"index\": 0}",
                        "{\"type\": \"content_block_start\", \"index\": 1, \"content_block\":"
                                + " {\"type\": \"tool_use\", \"id\": \"call_1\", \"name\": \"f\","
                                + " \"input\": {}}}",
                        jsonDelta(1, "{\\\"a\\\":"),
                        jsonDelta(1, "1}"),
                        "{\"type\": \"content_block_stop\", \"index\": 1}",
                        "{\"type\": \"content_block_start\", \"index\": 2, \"content_block\":"
                                + " {\"type\": \"tool_use\", \"id\": \"call_2\", \"name\": \"g\","
                                + " \"input\": {}}}",
                        jsonDelta(2, "{}"),
                        "{\"type\": \"content_block_stop\", \"index\": 2}",
                        """
                        {"type": "message_delta",
                         "delta": {"stop_reason": "tool_use", "stop_sequence": null},
                         "usage": {"input_tokens": 9, "cache_creation_input_tokens": 0,
                                   "cache_read_input_tokens": 0, "output_tokens": 12}}
                        """,
                        "{\"type\": \"message_stop\"}");
        assertThat(events).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode data = json(events.get(i).data());
            assertThat(events.get(i).event()).isEqualTo(data.get("type").asText());
            assertJson(data, expected.get(i));
        }
    }

    private static String textDelta(int index, String text) {
        return "{\"type\": \"content_block_delta\", \"index\": "
                + index
                + ", \"delta\": {\"type\": \"text_delta\", \"text\": \""
                + text
                + "\"}}";
    }

    private static String jsonDelta(int index, String partial) {
        return "{\"type\": \"content_block_delta\", \"index\": "
                + index
                + ", \"delta\": {\"type\": \"input_json_delta\", \"partial_json\": \""
                + partial
                + "\"}}";
    }

    @Test
    void givesTheSameOutputFedByteByByte() {
        assertSplitInvariant(TranslationStreamsTest::toOpenAi, ANTHROPIC_STREAM, everyByte());
        assertSplitInvariant(TranslationStreamsTest::toAnthropic, OPENAI_STREAM, everyByte());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void givesTheSameOutputForRandomSplits(long seed) {
        assertSplitInvariant(
                TranslationStreamsTest::toOpenAi, ANTHROPIC_STREAM, new SplittableRandom(seed));
        assertSplitInvariant(
                TranslationStreamsTest::toAnthropic, OPENAI_STREAM, new SplittableRandom(seed));
    }

    @Test
    void readsCrlfLineEndingsTheSame() {
        assertThat(whole(toOpenAi(), ANTHROPIC_STREAM.replace("\n", "\r\n")))
                .isEqualTo(whole(toOpenAi(), ANTHROPIC_STREAM));
        assertThat(whole(toAnthropic(), OPENAI_STREAM.replace("\n", "\r\n")))
                .isEqualTo(whole(toAnthropic(), OPENAI_STREAM));
    }

    @Test
    void aStreamedTranslationAssemblesToThePlainTranslation() throws Exception {
        JsonNode plain =
                json(
                        OpenAiToAnthropic.response(
                                assemble(StreamFormat.ANTHROPIC_MESSAGES, bytes(ANTHROPIC_STREAM)),
                                "gpt-4o",
                                CLOCK));
        JsonNode streamed =
                json(assemble(StreamFormat.OPENAI_CHAT, whole(toOpenAi(), ANTHROPIC_STREAM)));
        for (String pointer :
                List.of(
                        "/id",
                        "/model",
                        "/choices/0/message/content",
                        "/choices/0/message/tool_calls/0/id",
                        "/choices/0/message/tool_calls/0/function/name",
                        "/choices/0/finish_reason",
                        "/usage/prompt_tokens",
                        "/usage/completion_tokens",
                        "/usage/prompt_tokens_details/cached_tokens")) {
            assertThat(streamed.at(pointer)).as(pointer).isEqualTo(plain.at(pointer));
        }
        String arguments = "/choices/0/message/tool_calls/0/function/arguments";
        assertThat(json(streamed.at(arguments).asText()))
                .isEqualTo(json(plain.at(arguments).asText()));

        JsonNode plainMessage =
                json(
                        AnthropicToOpenAi.response(
                                assemble(StreamFormat.OPENAI_CHAT, bytes(OPENAI_STREAM)),
                                "claude-shown"));
        JsonNode streamedMessage =
                json(
                        assemble(
                                StreamFormat.ANTHROPIC_MESSAGES,
                                whole(toAnthropic(), OPENAI_STREAM)));
        for (String pointer :
                List.of(
                        "/id",
                        "/model",
                        "/content",
                        "/stop_reason",
                        "/usage/input_tokens",
                        "/usage/output_tokens")) {
            assertThat(streamedMessage.at(pointer)).as(pointer).isEqualTo(plainMessage.at(pointer));
        }
    }

    @Test
    void aCutStreamStaysCutAndIncomplete() {
        String cut =
                ANTHROPIC_STREAM.substring(0, ANTHROPIC_STREAM.indexOf("event: message_delta"));
        StreamTranslator translator = toOpenAi();
        String out = new String(whole(translator, cut), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"");
        assertThat(translator.complete()).isFalse();

        String openAiCut =
                OPENAI_STREAM.substring(
                        0, OPENAI_STREAM.indexOf("\"finish_reason\":\"tool_calls\""));
        openAiCut = openAiCut.substring(0, openAiCut.lastIndexOf("data: "));
        StreamTranslator back = toAnthropic();
        String anthropic = new String(whole(back, openAiCut), StandardCharsets.UTF_8);
        assertThat(anthropic).doesNotContain("message_stop");
        assertThat(back.complete()).isFalse();
    }

    @Test
    void endsAnOpenAiStreamThatLostItsDoneAfterTheFinishReason() {
        String noDone = OPENAI_STREAM.replace("data: [DONE]\n\n", "");
        StreamTranslator translator = toAnthropic();
        assertThat(whole(translator, noDone)).isEqualTo(whole(toAnthropic(), OPENAI_STREAM));
        assertThat(translator.complete()).isTrue();
    }

    @Test
    void passesUpstreamErrorsOnInTheClientsProtocol() {
        String anthropicError =
                "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\":"
                        + " \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
        List<SseEvent> chunks =
                events(
                        whole(
                                toOpenAi(),
                                ANTHROPIC_STREAM.substring(
                                                0,
                                                ANTHROPIC_STREAM.indexOf(
                                                        "event: content_block_delta"))
                                        + anthropicError));
        assertJson(
                json(chunks.get(chunks.size() - 1).data()),
                """
                {"error": {"message": "Overloaded", "type": "overloaded_error",
                           "param": null, "code": null}}
                """);

        String openAiError =
                "data: {\"error\": {\"message\": \"Rate limited\", \"type\": \"requests\"}}\n\n";
        List<SseEvent> events = events(whole(toAnthropic(), openAiError));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).event()).isEqualTo("error");
        assertJson(
                json(events.get(0).data()),
                "{\"type\": \"error\", \"error\": {\"type\": \"api_error\", \"message\": \"Rate"
                        + " limited\"}}");
    }

    @Test
    void endsWithAnErrorWhenTheUpstreamSendsContentTheClientCannotReceive() {
        String thinking =
                ANTHROPIC_STREAM.replace(
                        "\"content_block\":{\"type\":\"text\",\"text\":\"\"}",
                        "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}");
        StreamTranslator translator = toOpenAi();
        List<SseEvent> events = events(whole(translator, thinking));
        assertThat(events).hasSize(2);
        assertJson(
                json(events.get(1).data()),
                """
                {"error": {"message": "The gateway could not translate the upstream stream: a content block of type thinking cannot be translated to OpenAI",
                           "type": "server_error", "param": null, "code": "untranslatable_stream"}}
                """);
        assertThat(translator.complete()).isFalse();
    }

    private static byte[] assemble(StreamFormat format, byte[] stream) throws Exception {
        StreamAssembler assembler = new StreamAssembler(format);
        assembler.feed(stream, 0, stream.length);
        return assembler.toCompleteJson();
    }

    private static byte[] whole(StreamTranslator translator, String stream) {
        return whole(translator, bytes(stream));
    }

    private static byte[] whole(StreamTranslator translator, byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(translator.feed(stream, 0, stream.length));
        out.writeBytes(translator.finish());
        return out.toByteArray();
    }

    private static SplittableRandom everyByte() {
        return null;
    }

    private static void assertSplitInvariant(
            Supplier<StreamTranslator> translators, String stream, SplittableRandom random) {
        byte[] input = bytes(stream);
        byte[] expected = whole(translators.get(), input);
        StreamTranslator translator = translators.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int off = 0;
        while (off < input.length) {
            int len = random == null ? 1 : Math.min(input.length - off, 1 + random.nextInt(64));
            out.writeBytes(translator.feed(input, off, len));
            off += len;
        }
        out.writeBytes(translator.finish());
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(translator.complete()).isTrue();
    }

    private static List<SseEvent> events(byte[] bytes) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser();
        parser.feed(bytes, 0, bytes.length, events::add);
        parser.finish(events::add);
        return events;
    }
}
