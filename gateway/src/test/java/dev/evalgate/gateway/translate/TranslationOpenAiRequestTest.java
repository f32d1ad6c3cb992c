package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Translations.assertJson;
import static dev.evalgate.gateway.translate.Translations.bytes;
import static dev.evalgate.gateway.translate.Translations.json;
import static dev.evalgate.gateway.translate.Translations.toAnthropic;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranslationOpenAiRequestTest {

    @Test
    void translatesAPlainChatWithSystemPromptAndSampling() throws Exception {
        assertJson(
                toAnthropic(
                        """
                        {"model": "gpt-4o", "messages": [
                           {"role": "system", "content": "Be terse."},
                           {"role": "user", "content": "Hi"}],
                         "max_completion_tokens": 100, "temperature": 0.5, "top_p": 0.9,
                         "stop": "END", "stream": false}
                        """),
                """
                {"model": "claude-x", "system": "Be terse.",
                 "messages": [{"role": "user", "content": "Hi"}],
                 "max_tokens": 100, "temperature": 0.5, "top_p": 0.9,
                 "stop_sequences": ["END"], "stream": false}
                """);
    }

    @Test
    void usesTheDefaultMaxTokensWhenTheRequestSetsNone() throws Exception {
        byte[] out =
                OpenAiToAnthropic.request(
                        bytes(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                        "claude-x",
                        777);
        assertThat(json(out).get("max_tokens").asInt()).isEqualTo(777);
    }

    @Test
    void takesLegacyMaxTokensAndStopArrays() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [{"role": "user", "content": "x"}],
                         "max_tokens": 5, "stop": ["a", "b"]}
                        """);
        assertThat(out.get("max_tokens").asInt()).isEqualTo(5);
        assertJson(out.get("stop_sequences"), "[\"a\", \"b\"]");
    }

    @Test
    void joinsSeveralSystemAndDeveloperMessagesAsSystemBlocks() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [
                           {"role": "system", "content": "One."},
                           {"role": "developer", "content": [{"type": "text", "text": "Two."}]},
                           {"role": "user", "content": "x"}]}
                        """);
        assertJson(
                out.get("system"),
                """
                [{"type": "text", "text": "One."}, {"type": "text", "text": "Two."}]
                """);
    }

    @Test
    void translatesTextAndImageParts() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [{"role": "user", "content": [
                           {"type": "text", "text": "What is this?"},
                           {"type": "image_url", "image_url": {"url": "https://e.com/a.png"}},
                           {"type": "image_url",
                            "image_url": {"url": "data:image/png;base64,iVBORw0K", "detail": "auto"}}]}]}
                        """);
        assertJson(
                out.get("messages"),
                """
                [{"role": "user", "content": [
                   {"type": "text", "text": "What is this?"},
                   {"type": "image", "source": {"type": "url", "url": "https://e.com/a.png"}},
                   {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                                "data": "iVBORw0K"}}]}]
                """);
    }

    @Test
    void translatesToolsToolCallsAndMergesConsecutiveToolResults() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [
                           {"role": "user", "content": "Weather in Paris and Rome?"},
                           {"role": "assistant", "content": null, "tool_calls": [
                              {"id": "call_1", "type": "function",
                               "function": {"name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
                              {"id": "call_2", "type": "function",
                               "function": {"name": "weather", "arguments": "{\\"city\\":\\"Rome\\"}"}}]},
                           {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
                           {"role": "tool", "tool_call_id": "call_2",
                            "content": [{"type": "text", "text": "21C"}]},
                           {"role": "user", "content": "Thanks"}],
                         "tools": [{"type": "function", "function": {"name": "weather",
                            "description": "Current weather",
                            "parameters": {"type": "object",
                                           "properties": {"city": {"type": "string"}}},
                            "strict": true}}],
                         "tool_choice": {"type": "function", "function": {"name": "weather"}},
                         "parallel_tool_calls": false}
                        """);
        assertJson(
                out.get("messages"),
                """
                [{"role": "user", "content": "Weather in Paris and Rome?"},
                 {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "call_1", "name": "weather", "input": {"city": "Paris"}},
                    {"type": "tool_use", "id": "call_2", "name": "weather", "input": {"city": "Rome"}}]},
                 {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "call_1", "content": "18C"},
                    {"type": "tool_result", "tool_use_id": "call_2",
                     "content": [{"type": "text", "text": "21C"}]}]},
                 {"role": "user", "content": "Thanks"}]
                """);
        assertJson(
                out.get("tools"),
                """
                [{"name": "weather", "description": "Current weather",
                  "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
                  "strict": true}]
                """);
        assertJson(
                out.get("tool_choice"),
                """
                {"type": "tool", "name": "weather", "disable_parallel_tool_use": true}
                """);
    }

    @Test
    void keepsAssistantTextBesideToolCalls() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [
                           {"role": "user", "content": "x"},
                           {"role": "assistant", "content": "Let me look.", "tool_calls": [
                              {"id": "c", "type": "function",
                               "function": {"name": "f", "arguments": ""}}]},
                           {"role": "tool", "tool_call_id": "c", "content": "ok"}]}
                        """);
        assertJson(
                out.get("messages").get(1).get("content"),
                """
                [{"type": "text", "text": "Let me look."},
                 {"type": "tool_use", "id": "c", "name": "f", "input": {}}]
                """);
    }

    @Test
    void mapsEachToolChoice() throws Exception {
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}]";
        for (String[] pair :
                new String[][] {
                    {"\"auto\"", "{\"type\": \"auto\"}"},
                    {"\"none\"", "{\"type\": \"none\"}"},
                    {"\"required\"", "{\"type\": \"any\"}"},
                }) {
            var out =
                    toAnthropic(
                            "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                                    + tools
                                    + ", \"tool_choice\": "
                                    + pair[0]
                                    + "}");
            assertJson(out.get("tool_choice"), pair[1]);
        }
        var out =
                toAnthropic(
                        "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], "
                                + tools
                                + "}");
        assertJson(
                out.get("tools"),
                """
                [{"name": "f", "input_schema": {"type": "object", "properties": {}}}]
                """);
        assertThat(out.has("tool_choice")).isFalse();
    }

    @Test
    void translatesJsonSchemaResponseFormatToStructuredOutput() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [{"role": "user", "content": "x"}],
                         "response_format": {"type": "json_schema", "json_schema": {
                            "name": "verdict", "strict": true,
                            "schema": {"type": "object",
                                       "properties": {"pass": {"type": "boolean"}},
                                       "required": ["pass"], "additionalProperties": false}}}}
                        """);
        assertJson(
                out.get("output_config"),
                """
                {"format": {"type": "json_schema", "schema": {"type": "object",
                   "properties": {"pass": {"type": "boolean"}},
                   "required": ["pass"], "additionalProperties": false}}}
                """);
    }

    @Test
    void mapsUserToMetadataAndDropsFieldsThatDoNotChangeTheAnswer() throws Exception {
        var out =
                toAnthropic(
                        """
                        {"model": "m", "messages": [{"role": "user", "content": "x"}],
                         "user": "u-1", "metadata": {"suite": "a"}, "store": false,
                         "stream": true, "stream_options": {"include_usage": true},
                         "service_tier": "auto", "n": 1, "logprobs": false,
                         "presence_penalty": 0, "frequency_penalty": 0.0, "logit_bias": {},
                         "response_format": {"type": "text"}, "modalities": ["text"],
                         "prompt_cache_key": "k", "safety_identifier": "s", "seed": null}
                        """);
        assertJson(
                out,
                """
                {"model": "claude-x", "messages": [{"role": "user", "content": "x"}],
                 "max_tokens": 1024, "stream": true, "metadata": {"user_id": "u-1"}}
                """);
    }
}
