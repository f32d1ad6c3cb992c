package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Translations.assertJson;
import static dev.evalgate.gateway.translate.Translations.toOpenAi;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranslationAnthropicRequestTest {

    @Test
    void translatesAPlainMessageRequest() throws Exception {
        assertJson(
                toOpenAi(
                        """
                        {"model": "claude-sonnet-4-5", "max_tokens": 64,
                         "system": "Be terse.",
                         "messages": [{"role": "user", "content": "Hi"}],
                         "temperature": 0.2, "top_p": 0.8, "stop_sequences": ["END", "STOP"],
                         "metadata": {"user_id": "u-7"}, "service_tier": "auto"}
                        """),
                """
                {"model": "gpt-x", "max_tokens": 64,
                 "messages": [{"role": "system", "content": "Be terse."},
                              {"role": "user", "content": "Hi"}],
                 "temperature": 0.2, "top_p": 0.8, "stop": ["END", "STOP"], "user": "u-7"}
                """);
    }

    @Test
    void asksForUsageWhenStreaming() throws Exception {
        var out =
                toOpenAi(
                        """
                        {"model": "c", "max_tokens": 8, "stream": true,
                         "messages": [{"role": "user", "content": "Hi"}]}
                        """);
        assertJson(out.get("stream_options"), "{\"include_usage\": true}");
        assertThat(out.get("stream").asBoolean()).isTrue();
    }

    @Test
    void translatesSystemBlocksDroppingCacheControl() throws Exception {
        var out =
                toOpenAi(
                        """
                        {"model": "c", "max_tokens": 8,
                         "system": [{"type": "text", "text": "One.",
                                     "cache_control": {"type": "ephemeral"}},
                                    {"type": "text", "text": "Two."}],
                         "messages": [{"role": "user", "content": "Hi"}]}
                        """);
        assertJson(
                out.get("messages").get(0),
                """
                {"role": "system", "content": [{"type": "text", "text": "One."},
                                               {"type": "text", "text": "Two."}]}
                """);
    }

    @Test
    void translatesImagesBothSourceKinds() throws Exception {
        var out =
                toOpenAi(
                        """
                        {"model": "c", "max_tokens": 8, "messages": [{"role": "user", "content": [
                           {"type": "image", "source": {"type": "base64",
                                                        "media_type": "image/jpeg", "data": "/9j/4A"}},
                           {"type": "image", "source": {"type": "url", "url": "https://e.com/b.jpg"}},
                           {"type": "text", "text": "Same?"}]}]}
                        """);
        assertJson(
                out.get("messages"),
                """
                [{"role": "user", "content": [
                   {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4A"}},
                   {"type": "image_url", "image_url": {"url": "https://e.com/b.jpg"}},
                   {"type": "text", "text": "Same?"}]}]
                """);
    }

    @Test
    void splitsToolResultsIntoToolMessagesFollowedByTheRestOfTheTurn() throws Exception {
        var out =
                toOpenAi(
                        """
                        {"model": "c", "max_tokens": 8, "messages": [
                           {"role": "user", "content": "Weather?"},
                           {"role": "assistant", "content": [
                              {"type": "text", "text": "Checking."},
                              {"type": "tool_use", "id": "toolu_1", "name": "weather",
                               "input": {"city": "Paris"}}]},
                           {"role": "user", "content": [
                              {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C",
                               "is_error": false},
                              {"type": "text", "text": "And tomorrow?"}]}],
                         "tools": [{"name": "weather", "description": "Weather",
                                    "input_schema": {"type": "object"},
                                    "cache_control": {"type": "ephemeral"}}],
                         "tool_choice": {"type": "any", "disable_parallel_tool_use": true}}
                        """);
        assertJson(
                out.get("messages"),
                """
                [{"role": "user", "content": "Weather?"},
                 {"role": "assistant", "content": "Checking.", "tool_calls": [
                    {"id": "toolu_1", "type": "function",
                     "function": {"name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
                 {"role": "tool", "tool_call_id": "toolu_1", "content": "18C"},
                 {"role": "user", "content": [{"type": "text", "text": "And tomorrow?"}]}]
                """);
        assertJson(
                out.get("tools"),
                """
                [{"type": "function", "function": {"name": "weather", "description": "Weather",
                                                   "parameters": {"type": "object"}}}]
                """);
        assertThat(out.get("tool_choice").asText()).isEqualTo("required");
        assertThat(out.get("parallel_tool_calls").asBoolean()).isFalse();
    }

    @Test
    void mapsEachToolChoice() throws Exception {
        String[][] cases = {
            {"{\"type\": \"auto\"}", "\"auto\""},
            {"{\"type\": \"none\"}", "\"none\""},
            {
                "{\"type\": \"tool\", \"name\": \"f\"}",
                "{\"type\": \"function\", \"function\": {\"name\": \"f\"}}"
            },
        };
        for (String[] c : cases) {
            var out =
                    toOpenAi(
                            "{\"model\": \"c\", \"max_tokens\": 8, \"messages\": [{\"role\":"
                                    + " \"user\", \"content\": \"x\"}], \"tools\": [{\"name\":"
                                    + " \"f\", \"input_schema\": {\"type\": \"object\"}}],"
                                    + " \"tool_choice\": "
                                    + c[0]
                                    + "}");
            assertJson(out.get("tool_choice"), c[1]);
            assertThat(out.has("parallel_tool_calls")).isFalse();
        }
    }

    @Test
    void translatesStructuredOutputToAStrictJsonSchemaResponseFormat() throws Exception {
        var out =
                toOpenAi(
                        """
                        {"model": "c", "max_tokens": 8, "messages": [{"role": "user", "content": "x"}],
                         "output_config": {"format": {"type": "json_schema",
                                                      "schema": {"type": "object"}}},
                         "thinking": {"type": "disabled"}}
                        """);
        assertJson(
                out.get("response_format"),
                """
                {"type": "json_schema",
                 "json_schema": {"name": "response", "schema": {"type": "object"}, "strict": true}}
                """);
        assertThat(out.has("thinking")).isFalse();
    }

    @Test
    void translatesToolResultBlocksAndEmptyAssistantText() throws Exception {
        var out =
                toOpenAi(
                        """
                        {"model": "c", "max_tokens": 8, "messages": [
                           {"role": "user", "content": "x"},
                           {"role": "assistant", "content": [
                              {"type": "tool_use", "id": "t1", "name": "f", "input": {}}]},
                           {"role": "user", "content": [
                              {"type": "tool_result", "tool_use_id": "t1",
                               "content": [{"type": "text", "text": "a"}]},
                              {"type": "tool_result", "tool_use_id": "t2"}]}]}
                        """);
        assertJson(
                out.get("messages"),
                """
                [{"role": "user", "content": "x"},
                 {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "t1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                 {"role": "tool", "tool_call_id": "t1", "content": [{"type": "text", "text": "a"}]},
                 {"role": "tool", "tool_call_id": "t2", "content": ""}]
                """);
    }
}
