package dev.evalgate.gateway.translate;

import static dev.evalgate.gateway.translate.Translations.toAnthropic;
import static dev.evalgate.gateway.translate.Translations.toOpenAi;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TranslationRefusalsTest {
    private static final String USER = "{\"role\": \"user\", \"content\": \"x\"}";

    static Stream<Arguments> openAiFields() {
        return Stream.of(
                refused(
                        "\"n\": 2",
                        "n",
                        "'n': 2 cannot be translated to Anthropic (it returns one answer per"
                                + " request)"),
                refused(
                        "\"temperature\": 1.5",
                        "temperature",
                        "'temperature': 1.5 cannot be translated to Anthropic (its temperature"
                                + " range is 0 to 1; rescaling would change the sampling the eval"
                                + " asked for)"),
                refused(
                        "\"seed\": 42",
                        "seed",
                        "'seed': 42 cannot be translated to Anthropic (it has no seeded sampling;"
                                + " the gateway's cache is what makes eval answers repeatable)"),
                refused(
                        "\"logprobs\": true",
                        "logprobs",
                        "'logprobs': true cannot be translated to Anthropic (it does not return"
                                + " token log probabilities)"),
                refused(
                        "\"top_logprobs\": 3",
                        "top_logprobs",
                        "'top_logprobs': 3 cannot be translated to Anthropic (it does not return"
                                + " token log probabilities)"),
                refused(
                        "\"presence_penalty\": 0.5",
                        "presence_penalty",
                        "'presence_penalty': 0.5 cannot be translated to Anthropic (it has no"
                                + " presence penalty)"),
                refused(
                        "\"frequency_penalty\": -1",
                        "frequency_penalty",
                        "'frequency_penalty': -1 cannot be translated to Anthropic (it has no"
                                + " frequency penalty)"),
                refused(
                        "\"logit_bias\": {\"50256\": -100}",
                        "logit_bias",
                        "'logit_bias' cannot be translated to Anthropic (it has no logit bias)"),
                refused(
                        "\"modalities\": [\"text\", \"audio\"]",
                        "modalities",
                        "'modalities' cannot be translated to Anthropic (it answers in text"
                                + " only)"),
                refused(
                        "\"audio\": {\"voice\": \"alloy\", \"format\": \"wav\"}",
                        "audio",
                        "'audio' cannot be translated to Anthropic (it answers in text only)"),
                refused(
                        "\"prediction\": {\"type\": \"content\", \"content\": \"x\"}",
                        "prediction",
                        "'prediction' cannot be translated to Anthropic (it has no predicted"
                                + " outputs)"),
                refused(
                        "\"reasoning_effort\": \"low\"",
                        "reasoning_effort",
                        "'reasoning_effort': \"low\" cannot be translated to Anthropic (its"
                                + " extended thinking is configured differently)"),
                refused(
                        "\"response_format\": {\"type\": \"json_object\"}",
                        "response_format.type",
                        "'response_format.type': \"json_object\" cannot be translated to"
                                + " Anthropic (it has no schema-free JSON mode, and an instruction"
                                + " in the prompt would not be the guarantee JSON mode is; send a"
                                + " json_schema response_format, which Anthropic enforces)"),
                refused(
                        "\"response_format\": {\"type\": \"json_schema\", \"json_schema\":"
                                + " {\"name\": \"v\", \"description\": \"d\", \"schema\": {}}}",
                        "response_format.json_schema.description",
                        "'response_format.json_schema.description': \"d\" cannot be translated"
                                + " to Anthropic (its structured outputs take a schema only; put"
                                + " the description in the prompt)"),
                refused(
                        "\"tools\": [{\"type\": \"custom\", \"custom\": {\"name\": \"g\"}}]",
                        "tools[0].type",
                        "'tools[0].type': \"custom\" cannot be translated to Anthropic (only"
                                + " function tools translate)"),
                refused(
                        "\"tool_choice\": {\"type\": \"allowed_tools\"}",
                        "tool_choice.type",
                        "'tool_choice.type': \"allowed_tools\" cannot be translated to"
                                + " Anthropic (only auto, none, required and a named function"
                                + " translate)"),
                refused(
                        "\"functions\": [{\"name\": \"f\"}]",
                        "functions",
                        "'functions' cannot be translated to Anthropic (use tools, which"
                                + " translate)"),
                refused(
                        "\"frobnicate\": true",
                        "frobnicate",
                        "'frobnicate' cannot be translated to Anthropic (this gateway does not"
                                + " know a faithful translation for it)"));
    }

    private static Arguments refused(String field, String path, String message) {
        return Arguments.of(field, path, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("openAiFields")
    void refusesOpenAiFieldsAnthropicCannotHonour(String field, String path, String message) {
        String request = "{\"model\": \"m\", \"messages\": [" + USER + "], " + field + "}";
        assertThatThrownBy(() -> toAnthropic(request))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(message)
                .extracting(e -> ((UntranslatableException) e).field())
                .isEqualTo(path);
    }

    static Stream<Arguments> openAiMessages() {
        return Stream.of(
                refused(
                        USER + ", {\"role\": \"system\", \"content\": \"late\"}, " + USER,
                        "messages[1].role",
                        "'messages[1].role': \"system\" cannot be translated to Anthropic (its"
                                + " system prompt comes before the conversation; move this message"
                                + " to the start)"),
                refused(
                        "{\"role\": \"user\", \"name\": \"alice\", \"content\": \"x\"}",
                        "messages[0].name",
                        "'messages[0].name': \"alice\" cannot be translated to Anthropic (it has no"
                                + " participant names)"),
                refused(
                        USER + ", {\"role\": \"assistant\", \"content\": \"prefix\"}",
                        "messages[1]",
                        "'messages[1]' cannot be translated to Anthropic (a conversation ending"
                                + " with an assistant message is continued there, not answered)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\","
                                + " \"input_audio\": {}}]}",
                        "messages[0].content[0].type",
                        "'messages[0].content[0].type': \"input_audio\" cannot be translated to"
                                + " Anthropic (it takes no audio input)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"file\", \"file\": {}}]}",
                        "messages[0].content[0].type",
                        "'messages[0].content[0].type': \"file\" cannot be translated to"
                                + " Anthropic (only text and image_url parts translate)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"image_url\","
                                + " \"image_url\": {\"url\": \"https://e.com/a.png\", \"detail\":"
                                + " \"high\"}}]}",
                        "messages[0].content[0].image_url.detail",
                        "'messages[0].content[0].image_url.detail': \"high\" cannot be translated"
                                + " to Anthropic (it has no image detail setting; send"
                                + " \"auto\" or leave it out)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"image_url\","
                                + " \"image_url\": {\"url\": \"data:image/bmp;base64,Qk0\"}}]}",
                        "messages[0].content[0].image_url.url",
                        "'messages[0].content[0].image_url.url' cannot be translated to Anthropic"
                                + " (it takes base64 data URLs of image/jpeg, image/png, image/gif"
                                + " or image/webp only)"),
                refused(
                        USER
                                + ", {\"role\": \"assistant\", \"content\": null, \"tool_calls\":"
                                + " [{\"id\": \"c\", \"type\": \"function\", \"function\":"
                                + " {\"name\": \"f\", \"arguments\": \"[1]\"}}]}, {\"role\":"
                                + " \"tool\", \"tool_call_id\": \"c\", \"content\": \"r\"}",
                        "messages[1].tool_calls[0].function.arguments",
                        "'messages[1].tool_calls[0].function.arguments' cannot be translated to"
                                + " Anthropic (its tool input must be a JSON object)"),
                refused(
                        "{\"role\": \"function\", \"name\": \"f\", \"content\": \"x\"}",
                        "messages[0].name",
                        "'messages[0].name': \"f\" cannot be translated to Anthropic (it has no"
                                + " participant names)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("openAiMessages")
    void refusesOpenAiMessagesAnthropicCannotHonour(String messages, String path, String message) {
        String request = "{\"model\": \"m\", \"messages\": [" + messages + "]}";
        assertThatThrownBy(() -> toAnthropic(request))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(message)
                .extracting(e -> ((UntranslatableException) e).field())
                .isEqualTo(path);
    }

    static Stream<Arguments> anthropicFields() {
        String tool = "{\"name\": \"f\", \"input_schema\": {\"type\": \"object\"}}";
        return Stream.of(
                refused(
                        "\"top_k\": 40",
                        "top_k",
                        "'top_k': 40 cannot be translated to OpenAI (it has no top-k sampling)"),
                refused(
                        "\"stop_sequences\": [\"a\", \"b\", \"c\", \"d\", \"e\"]",
                        "stop_sequences",
                        "'stop_sequences' cannot be translated to OpenAI (it takes at most 4 stop"
                                + " sequences)"),
                refused(
                        "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 2048}",
                        "thinking",
                        "'thinking' cannot be translated to OpenAI (Chat Completions has no"
                                + " extended thinking; reasoning models are configured"
                                + " differently)"),
                refused(
                        "\"tools\": [{\"type\": \"web_search_20250305\", \"name\":"
                                + " \"web_search\"}]",
                        "tools[0].type",
                        "'tools[0].type': \"web_search_20250305\" cannot be translated to OpenAI"
                                + " (Anthropic-defined tools (web search, bash, text editor,"
                                + " computer use…) have no Chat Completions counterpart)"),
                refused(
                        "\"tools\": ["
                                + tool
                                + "], \"tool_choice\": {\"type\": \"auto\"},"
                                + " \"mcp_servers\": []",
                        "mcp_servers",
                        "'mcp_servers' cannot be translated to OpenAI (this gateway does not"
                                + " know a faithful translation for it)"),
                refused(
                        "\"output_config\": {\"effort\": \"low\"}",
                        "output_config.effort",
                        "'output_config.effort': \"low\" cannot be translated to OpenAI (Chat"
                                + " Completions has no effort setting for every model)"),
                refused(
                        "\"metadata\": {\"user_id\": \"u\", \"team\": \"t\"}",
                        "metadata.team",
                        "'metadata.team' cannot be translated to OpenAI (this gateway does not"
                                + " know a faithful translation for it)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("anthropicFields")
    void refusesAnthropicFieldsOpenAiCannotHonour(String field, String path, String message) {
        String request =
                "{\"model\": \"c\", \"max_tokens\": 8, \"messages\": ["
                        + USER
                        + "], "
                        + field
                        + "}";
        assertThatThrownBy(() -> toOpenAi(request))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(message)
                .extracting(e -> ((UntranslatableException) e).field())
                .isEqualTo(path);
    }

    static Stream<Arguments> anthropicMessages() {
        return Stream.of(
                refused(
                        USER + ", {\"role\": \"assistant\", \"content\": \"{\"}",
                        "messages[1].role",
                        "'messages[1].role': \"assistant\" cannot be translated to OpenAI (a last"
                                + " assistant message is a prefill Anthropic continues, and Chat"
                                + " Completions would answer after it instead)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"tool_result\","
                                + " \"tool_use_id\": \"t\", \"content\": \"boom\", \"is_error\":"
                                + " true}]}",
                        "messages[0].content[0].is_error",
                        "'messages[0].content[0].is_error': true cannot be translated to OpenAI"
                                + " (its tool messages have no error flag; say so in the result"
                                + " text)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"document\", \"source\":"
                                + " {}}]}",
                        "messages[0].content[0].type",
                        "'messages[0].content[0].type': \"document\" cannot be translated to"
                                + " OpenAI (only text, image and tool_result blocks translate in a"
                                + " user turn)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"tool_result\","
                                + " \"tool_use_id\": \"t\", \"content\": [{\"type\": \"image\","
                                + " \"source\": {}}]}]}",
                        "messages[0].content[0].content[0].type",
                        "'messages[0].content[0].content[0].type': \"image\" cannot be translated"
                                + " to OpenAI (its tool messages carry text only)"),
                refused(
                        USER
                                + ", {\"role\": \"assistant\", \"content\": [{\"type\":"
                                + " \"thinking\", \"thinking\": \"hm\", \"signature\": \"s\"}]}, "
                                + USER,
                        "messages[1].content[0].type",
                        "'messages[1].content[0].type': \"thinking\" cannot be translated to"
                                + " OpenAI (only text and tool_use blocks translate in an"
                                + " assistant turn)"),
                refused(
                        "{\"role\": \"user\", \"content\": [{\"type\": \"image\", \"source\":"
                                + " {\"type\": \"file\", \"file_id\": \"f\"}}]}",
                        "messages[0].content[0].source.type",
                        "'messages[0].content[0].source.type': \"file\" cannot be translated to"
                                + " OpenAI (its image parts take a URL or base64 data only)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("anthropicMessages")
    void refusesAnthropicMessagesOpenAiCannotHonour(String messages, String path, String message) {
        String request = "{\"model\": \"c\", \"max_tokens\": 8, \"messages\": [" + messages + "]}";
        assertThatThrownBy(() -> toOpenAi(request))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(message)
                .extracting(e -> ((UntranslatableException) e).field())
                .isEqualTo(path);
    }

    @Test
    void namesTheBodyWhenItIsNotJson() {
        assertThatThrownBy(() -> toAnthropic("[1]"))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage("body: expected a JSON object");
        assertThatThrownBy(() -> toOpenAi("{\"model\": \"c\"}"))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage("'messages': expected an array (it is required)");
    }

    @Test
    void refusesDifferingMaxTokenFields() {
        String request =
                "{\"model\": \"m\", \"messages\": ["
                        + USER
                        + "], \"max_tokens\": 5, \"max_completion_tokens\": 6}";
        assertThatThrownBy(() -> toAnthropic(request))
                .isInstanceOf(UntranslatableException.class)
                .hasMessage(
                        "'max_tokens': expected the same value as max_completion_tokens, or only"
                                + " one of them");
    }
}
