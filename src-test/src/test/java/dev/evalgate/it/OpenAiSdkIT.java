package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway, works unchanged. */
class OpenAiSdkIT {

    private static GatewayStack stack;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start();
        client = clientFor(stack.gatewayUrl() + "/v1");
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    @BeforeEach
    void resetSimulator() {
        stack.simulator().reset();
    }

    @Test
    void answersChatCompletionWithTextAndUsage() {
        ChatCompletion completion = client.chat().completions().create(chat("Say hello."));

        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(completion.usage())
                .hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isPositive());
        assertThat(stack.simulator().stats().requestsFor("gpt-4o-mini")).isEqualTo(1);
    }

    @Test
    void streamsTheSameTextAsThePlainAnswer() {
        ChatCompletionCreateParams params = chat("Stream a short sentence.");
        String plain =
                client.chat()
                        .completions()
                        .create(params)
                        .choices()
                        .get(0)
                        .message()
                        .content()
                        .orElseThrow();

        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            streamed =
                    stream.stream()
                            .flatMap(chunk -> chunk.choices().stream())
                            .flatMap(choice -> choice.delta().content().stream())
                            .collect(Collectors.joining());
        }

        assertThat(streamed).isEqualTo(plain);
        // The client can read the last event before the simulator counts the stream complete.
        await().untilAsserted(
                        () ->
                                assertThat(stack.simulator().stats().streamsCompleted())
                                        .isEqualTo(1));
    }

    @Test
    void answersLegacyCompletion() {
        Completion completion =
                client.completions()
                        .create(
                                CompletionCreateParams.builder()
                                        .model("gpt-3.5-turbo-instruct")
                                        .prompt("Once upon a time")
                                        .maxTokens(16)
                                        .build());

        assertThat(completion.choices().get(0).text()).isNotBlank();
        assertThat(completion.usage()).isPresent();
    }

    @Test
    void answersEmbeddingsAsFloatsAndAsBase64() {
        CreateEmbeddingResponse floats =
                client.embeddings().create(embedding(EmbeddingCreateParams.EncodingFormat.FLOAT));
        CreateEmbeddingResponse base64 =
                client.embeddings().create(embedding(EmbeddingCreateParams.EncodingFormat.BASE64));

        List<Float> vector = floats.data().get(0).embedding();
        assertThat(vector).isNotEmpty();
        assertThat(base64.data().get(0).embedding()).isEqualTo(vector);
        assertThat(stack.simulator().recordedRequests())
                .extracting(r -> r.body().contains("\"encoding_format\":\"base64\""))
                .containsExactly(false, true);
    }

    @Test
    void listsConcreteModelsAndAliases() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).containsExactly("gpt-4o-mini", "claude-haiku-4-5", "eval/format");
        assertThat(stack.simulator().stats().requests()).isZero();
    }

    @Test
    void servesClientsThatPutTheRunIdInTheBaseUrl() {
        OpenAIClient runClient = clientFor(stack.gatewayUrl() + "/run/ci-123/v1");
        try {
            ChatCompletion completion = runClient.chat().completions().create(chat("Hi."));

            assertThat(completion.choices()).hasSize(1);
            assertThat(stack.simulator().recordedRequests())
                    .singleElement()
                    .satisfies(r -> assertThat(r.uri()).isEqualTo("/v1/chat/completions"));
        } finally {
            runClient.close();
        }
    }

    @Test
    void routesAnAliasToItsUpstreamModel() {
        ChatCompletion completion =
                client.chat()
                        .completions()
                        .create(
                                ChatCompletionCreateParams.builder()
                                        .model("eval/format")
                                        .addUserMessage("Is this JSON?")
                                        .build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(stack.simulator().stats().requestsFor("sim-llama-3-8b")).isEqualTo(1);
    }

    private static OpenAIClient clientFor(String baseUrl) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-test")
                .maxRetries(0)
                .build();
    }

    private static ChatCompletionCreateParams chat(String prompt) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage(prompt)
                .build();
    }

    private static EmbeddingCreateParams embedding(EmbeddingCreateParams.EncodingFormat format) {
        return EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .input("The quick brown fox.")
                .encodingFormat(format)
                .build();
    }
}
