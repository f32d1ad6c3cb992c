package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.TextDelta;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.evalgate.gateway.sim.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-protocol routes (issue 4): the official OpenAI SDK talks to a Claude model through {@code
 * eval/claude}, and the official Anthropic SDK to a GPT model through {@code eval/gpt}. One
 * simulator serves both protocols; its per-endpoint and per-model counters show which protocol and
 * model each request reached, and its recorded bodies show the translation.
 */
class CrossProtocolIT {

    static final String CLAUDE = "claude-sonnet-4-5";
    static final String GPT = "gpt-4o";

    static final String CROSS_YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
            providers:
              oai:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-*]
              ant:
                kind: anthropic
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [claude-*]
            routes:
              - name: to-claude
                match: {model: eval/claude}
                target: {provider: ant, model: claude-sonnet-4-5}
              - name: to-gpt
                match: {model: eval/gpt}
                target: {provider: oai, model: gpt-4o}
            """;

    private GatewayStack stack;
    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    private void start(String cacheSection) {
        stack = GatewayStack.start(CROSS_YAML + "cache: " + cacheSection + "\n");
        openAi =
                OpenAIOkHttpClient.builder()
                        .baseUrl(stack.gatewayUrl() + "/v1")
                        .apiKey("sk-test")
                        .maxRetries(0)
                        .build();
        anthropic =
                AnthropicOkHttpClient.builder()
                        .baseUrl(stack.gatewayUrl())
                        .apiKey("sk-ant-test")
                        .maxRetries(0)
                        .build();
    }

    private void startWithoutCache() {
        start("{enabled: false}");
    }

    @AfterEach
    void stop() {
        if (openAi != null) {
            openAi.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void openAiSdkChatReachesClaudeAsAnthropicMessagesAndParsesTheAnswer() {
        startWithoutCache();

        ChatCompletion completion =
                openAi.chat().completions().create(chat("Say hello to Claude."));

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(completion.usage())
                .hasValueSatisfying(
                        usage -> {
                            assertThat(usage.promptTokens()).isPositive();
                            assertThat(usage.completionTokens()).isPositive();
                        });
        assertThat(stack.simulator().stats().requestsByEndpoint())
                .containsExactly(Map.entry("/v1/messages", 1L));
        assertThat(stack.simulator().stats().requestsFor(CLAUDE)).isEqualTo(1);
    }

    @Test
    void openAiSdkStreamsTheSameTextFromClaudeAsThePlainAnswer() {
        startWithoutCache();
        ChatCompletionCreateParams params = chat("Stream a short sentence from Claude.");
        String plain =
                openAi.chat()
                        .completions()
                        .create(params)
                        .choices()
                        .get(0)
                        .message()
                        .content()
                        .orElseThrow();

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream =
                openAi.chat()
                        .completions()
                        .createStreaming(
                                params.toBuilder()
                                        .streamOptions(
                                                ChatCompletionStreamOptions.builder()
                                                        .includeUsage(true)
                                                        .build())
                                        .build())) {
            chunks = stream.stream().toList();
        }

        assertThat(streamedText(chunks)).isNotBlank().isEqualTo(plain);
        assertThat(chunks)
                .filteredOn(chunk -> chunk.usage().isPresent())
                .singleElement()
                .satisfies(
                        chunk ->
                                assertThat(chunk.usage().orElseThrow().completionTokens())
                                        .isPositive());
        assertThat(stack.simulator().stats().requestsByEndpoint())
                .containsExactly(Map.entry("/v1/messages", 2L));
        assertThat(stack.simulator().stats().requestsFor(CLAUDE)).isEqualTo(2);
        assertThat(stack.simulator().stats().streamsCompleted()).isEqualTo(1);
    }

    @Test
    void translatesOpenAiToolsAndToolChoiceIntoAnthropicTools() {
        startWithoutCache();
        FunctionParameters schema =
                FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties",
                                JsonValue.from(
                                        Map.of(
                                                "city",
                                                Map.of(
                                                        "type",
                                                        "string",
                                                        "description",
                                                        "The city's name"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build();
        ChatCompletionCreateParams params =
                chat("What is the weather in Paris?").toBuilder()
                        .addTool(
                                ChatCompletionFunctionTool.builder()
                                        .function(
                                                FunctionDefinition.builder()
                                                        .name("get_weather")
                                                        .description("Current weather of a city")
                                                        .parameters(schema)
                                                        .build())
                                        .build())
                        .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO)
                        .build();

        ChatCompletion completion = openAi.chat().completions().create(params);

        assertThat(completion.choices()).hasSize(1);
        JsonNode sent = lastUpstreamBody("/v1/messages");
        assertThat(sent.path("model").asText()).isEqualTo(CLAUDE);
        JsonNode tool = sent.path("tools").path(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("description").asText()).isEqualTo("Current weather of a city");
        assertThat(tool.path("input_schema"))
                .isEqualTo(
                        Http.json(
                                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\","
                                        + "\"description\":\"The city's name\"}},"
                                        + "\"required\":[\"city\"]}"));
        assertThat(tool.has("parameters")).isFalse();
        assertThat(sent.path("tool_choice")).isEqualTo(Http.json("{\"type\":\"auto\"}"));
    }

    @Test
    void movesTheOpenAiSystemMessageIntoAnthropicsSystemPrompt() {
        startWithoutCache();
        ChatCompletionCreateParams params =
                ChatCompletionCreateParams.builder()
                        .model("eval/claude")
                        .addSystemMessage("You grade answers strictly.")
                        .addUserMessage("Grade: 2 + 2 = 4")
                        .build();

        ChatCompletion completion = openAi.chat().completions().create(params);

        assertThat(completion.choices().get(0).message().content()).isPresent();
        JsonNode sent = lastUpstreamBody("/v1/messages");
        assertThat(sent.path("system").asText()).isEqualTo("You grade answers strictly.");
        assertThat(sent.path("messages")).hasSize(1);
        assertThat(sent.path("messages").path(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void refusesSeveralChoicesForClaudeNamingTheField() {
        startWithoutCache();

        BadRequestException e =
                catchThrowableOfType(
                        BadRequestException.class,
                        () ->
                                openAi.chat()
                                        .completions()
                                        .create(
                                                chat("Two answers, please.").toBuilder()
                                                        .n(2)
                                                        .build()));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.code()).hasValue("unsupported_protocol");
        assertThat(e.getMessage()).contains("'n'");
        assertThat(stack.simulator().stats().requests()).isZero();
    }

    @Test
    void anthropicSdkMessageReachesGptAsChatCompletionsAndParsesTheAnswer() {
        startWithoutCache();

        Message message = anthropic.messages().create(messages("Say hello to GPT."));

        assertThat(textOf(message)).isNotBlank();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(stack.simulator().stats().requestsByEndpoint())
                .containsExactly(Map.entry("/v1/chat/completions", 1L));
        assertThat(stack.simulator().stats().requestsFor(GPT)).isEqualTo(1);
    }

    @Test
    void anthropicSdkStreamsTheSameTextFromGptAsThePlainMessage() {
        startWithoutCache();
        MessageCreateParams params = messages("Stream a short sentence from GPT.");
        String plain = textOf(anthropic.messages().create(params));

        String streamed;
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
                anthropic.messages().createStreaming(params)) {
            streamed =
                    stream.stream()
                            .flatMap(event -> event.contentBlockDelta().stream())
                            .flatMap(delta -> delta.delta().text().stream())
                            .map(TextDelta::text)
                            .collect(Collectors.joining());
        }

        assertThat(streamed).isNotBlank().isEqualTo(plain);
        assertThat(stack.simulator().stats().requestsByEndpoint())
                .containsExactly(Map.entry("/v1/chat/completions", 2L));
        assertThat(stack.simulator().stats().requestsFor(GPT)).isEqualTo(2);
        assertThat(stack.simulator().stats().streamsCompleted()).isEqualTo(1);
    }

    @Test
    void cachesTheTranslatedAnswerInOpenAiShapeAndServesItPlainAndStreamed() {
        start("{enabled: true, namespace: crossit}");
        ChatCompletionCreateParams params = chat("Cache this answer from Claude.");

        HttpResponseFor<ChatCompletion> miss =
                openAi.chat().completions().withRawResponse().create(params);
        String missText = miss.parse().choices().get(0).message().content().orElseThrow();
        HttpResponseFor<ChatCompletion> hit =
                openAi.chat().completions().withRawResponse().create(params);
        ChatCompletion hitCompletion = hit.parse();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> streamedHit =
                openAi.chat().completions().withRawResponse().createStreaming(params);
        String streamedText;
        try (StreamResponse<ChatCompletionChunk> stream = streamedHit.parse()) {
            streamedText = streamedText(stream.stream().toList());
        }

        assertThat(miss.headers().values("x-eval-cache")).containsExactly("MISS");
        assertThat(hit.headers().values("x-eval-cache")).containsExactly("HIT");
        assertThat(streamedHit.headers().values("x-eval-cache")).containsExactly("HIT");
        assertThat(hitCompletion.choices().get(0).message().content()).hasValue(missText);
        assertThat(hitCompletion.usage()).isPresent();
        assertThat(streamedText).isEqualTo(missText);
        assertThat(stack.simulator().stats().requestsByEndpoint())
                .containsExactly(Map.entry("/v1/messages", 1L));
    }

    private static ChatCompletionCreateParams chat(String prompt) {
        return ChatCompletionCreateParams.builder()
                .model("eval/claude")
                .addUserMessage(prompt)
                .build();
    }

    private static MessageCreateParams messages(String prompt) {
        return MessageCreateParams.builder()
                .model("eval/gpt")
                .maxTokens(64)
                .addUserMessage(prompt)
                .build();
    }

    private static String streamedText(List<ChatCompletionChunk> chunks) {
        return chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream())
                .collect(Collectors.joining());
    }

    private static String textOf(Message message) {
        return message.content().stream()
                .flatMap(block -> block.text().stream())
                .map(TextBlock::text)
                .collect(Collectors.joining());
    }

    private JsonNode lastUpstreamBody(String uri) {
        List<RecordedRequest> recorded = stack.simulator().recordedRequests();
        assertThat(recorded).isNotEmpty();
        RecordedRequest last = recorded.get(recorded.size() - 1);
        assertThat(last.uri()).isEqualTo(uri);
        return Http.json(last.body());
    }
}
