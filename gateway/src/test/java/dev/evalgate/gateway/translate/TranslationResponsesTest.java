package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Translations.CLOCK;
import static dev.evalgate.gateway.translate.Translations.assertJson;
import static dev.evalgate.gateway.translate.Translations.bytes;
import static dev.evalgate.gateway.translate.Translations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranslationResponsesTest {
    private static final String ANTHROPIC_TOOL_ANSWER =
            """
            {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
             "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "text", "text": "Checking."},
                         {"type": "tool_use", "id": "toolu_01A", "name": "weather",
                          "input": {"city": "Paris"}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 20, "cache_creation_input_tokens": 0,
                       "cache_read_input_tokens": 100, "output_tokens": 7}}
            """;

    private static JsonNode toOpenAi(String message) throws UntranslatableException {
        return json(OpenAiToAnthropic.response(bytes(message), "gpt-4o", CLOCK));
    }

    private static JsonNode toAnthropic(String completion) throws UntranslatableException {
        return json(AnthropicToOpenAi.response(bytes(completion), "claude-shown"));
    }

    @Test
    void translatesAnAnthropicMessageIntoAChatCompletion() throws Exception {
        assertJson(
                toOpenAi(ANTHROPIC_TOOL_ANSWER),
                """
                {"id": "chatcmpl-01XFDUDYJgAACzvnptvVoYEL", "object": "chat.completion",
                 "created": 1700000000, "model": "gpt-4o",
                 "choices": [{"index": 0, "logprobs": null, "finish_reason": "tool_calls",
                   "message": {"role": "assistant", "content": "Checking.", "refusal": null,
                     "tool_calls": [{"id": "toolu_01A", "type": "function",
                       "function": {"name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]}}],
                 "usage": {"prompt_tokens": 120, "completion_tokens": 7, "total_tokens": 127,
                           "prompt_tokens_details": {"cached_tokens": 100}}}
                """);
    }

    @Test
    void countsCacheWritesAsPromptTokensAndJoinsTextBlocks() throws Exception {
        JsonNode out =
                toOpenAi(
                        """
                        {"id": "msg_1", "type": "message", "role": "assistant", "model": "c",
                         "content": [{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}],
                         "stop_reason": "end_turn", "stop_sequence": null,
                         "usage": {"input_tokens": 3, "cache_creation_input_tokens": 50,
                                   "cache_read_input_tokens": 0, "output_tokens": 2}}
                        """);
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("Hello");
        assertJson(
                out.get("usage"),
                """
                {"prompt_tokens": 53, "completion_tokens": 2, "total_tokens": 55,
                 "prompt_tokens_details": {"cached_tokens": 0}}
                """);
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "max_tokens, length",
        "model_context_window_exceeded, length",
        "tool_use, tool_calls",
        "refusal, content_filter"
    })
    void mapsStopReasonsToFinishReasons(String stopReason, String finishReason) throws Exception {
        JsonNode out =
                toOpenAi(
                        "{\"id\": \"msg_1\", \"content\": [], \"stop_reason\": \""
                                + stopReason
                                + "\"}");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
    }

    @ParameterizedTest
    @CsvSource({
        "stop, end_turn",
        "length, max_tokens",
        "tool_calls, tool_use",
        "content_filter, refusal"
    })
    void mapsFinishReasonsToStopReasons(String finishReason, String stopReason) throws Exception {
        JsonNode out =
                toAnthropic(
                        "{\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0, \"message\":"
                                + " {\"role\": \"assistant\", \"content\": \"x\"},"
                                + " \"finish_reason\": \""
                                + finishReason
                                + "\"}]}");
        assertThat(out.get("stop_reason").asText()).isEqualTo(stopReason);
    }

    @Test
    void translatesAChatCompletionIntoAnAnthropicMessage() throws Exception {
        assertJson(
                toAnthropic(
                        """
                        {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion",
                         "created": 1741569952, "model": "gpt-4o-2024-08-06",
                         "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
                           "message": {"role": "assistant", "content": null, "refusal": null,
                             "annotations": [],
                             "tool_calls": [{"id": "call_abc", "type": "function",
                               "function": {"name": "weather", "arguments": "{\\"city\\": \\"Rome\\"}"}}]}}],
                         "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99,
                                   "prompt_tokens_details": {"cached_tokens": 64, "audio_tokens": 0}},
                         "service_tier": "default", "system_fingerprint": "fp_1"}
                        """),
                """
                {"id": "msg_B9MBs8CjcvOU2jLn4n570S5qMJKcT", "type": "message", "role": "assistant",
                 "model": "claude-shown",
                 "content": [{"type": "tool_use", "id": "call_abc", "name": "weather",
                              "input": {"city": "Rome"}}],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": 18, "cache_creation_input_tokens": 0,
                           "cache_read_input_tokens": 64, "output_tokens": 17}}
                """);
    }

    @Test
    void translatesARefusalAsTextWithTheRefusalStopReason() throws Exception {
        JsonNode out =
                toAnthropic(
                        """
                        {"id": "chatcmpl-1", "choices": [{"index": 0, "finish_reason": "stop",
                           "message": {"role": "assistant", "content": null,
                                       "refusal": "I can't help with that."}}]}
                        """);
        assertJson(
                out.get("content"),
                "[{\"type\": \"text\", \"text\": \"I can't help with that.\"}]");
        assertThat(out.get("stop_reason").asText()).isEqualTo("refusal");
    }

    @Test
    void anAnthropicAnswerSurvivesTheTripThroughOpenAi() throws Exception {
        byte[] openAi = OpenAiToAnthropic.response(bytes(ANTHROPIC_TOOL_ANSWER), "gpt-4o", CLOCK);
        JsonNode back = json(AnthropicToOpenAi.response(openAi, "claude-sonnet-4-5-20250929"));
        assertJson(back, ANTHROPIC_TOOL_ANSWER);
    }

    @Test
    void anOpenAiAnswerSurvivesTheTripThroughAnthropic() throws Exception {
        String completion =
                """
                {"id": "chatcmpl-xyz", "object": "chat.completion", "created": 1700000000,
                 "model": "gpt-4o",
                 "choices": [{"index": 0, "logprobs": null, "finish_reason": "length",
                   "message": {"role": "assistant", "content": "Partial answ", "refusal": null}}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 4, "total_tokens": 14,
                           "prompt_tokens_details": {"cached_tokens": 2}}}
                """;
        byte[] anthropic = AnthropicToOpenAi.response(bytes(completion), "claude");
        assertJson(json(OpenAiToAnthropic.response(anthropic, "gpt-4o", CLOCK)), completion);
    }

    @Test
    void refusesAnswersTheOtherSideCannotCarry() {
        assertThatThrownBy(
                        () ->
                                toOpenAi(
                                        """
                                        {"id": "msg_1", "stop_reason": "end_turn", "content": [
                                           {"type": "thinking", "thinking": "hm", "signature": "s"}]}
                                        """))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(
                        "'content[0].type': \"thinking\" cannot be translated to OpenAI (a chat"
                                + " completion carries text and tool calls only)");
        assertThatThrownBy(
                        () ->
                                toOpenAi(
                                        "{\"id\": \"msg_1\", \"content\": [], \"stop_reason\":"
                                                + " \"pause_turn\"}"))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(
                        "'stop_reason': \"pause_turn\" cannot be translated to OpenAI (it has no"
                                + " finish reason for it)");
        assertThatThrownBy(
                        () ->
                                toAnthropic(
                                        "{\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0},"
                                                + " {\"index\": 1}]}"))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(
                        "'choices' cannot be translated to Anthropic (a message carries exactly"
                                + " one answer)");
        assertThatThrownBy(
                        () ->
                                toAnthropic(
                                        "{\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0,"
                                                + " \"finish_reason\": \"stop\", \"message\":"
                                                + " {\"content\": null, \"audio\": {\"id\":"
                                                + " \"a\"}}}]}"))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(
                        "'choices[0].message.audio' cannot be translated to Anthropic (it answers"
                                + " in text only)");
    }
}
