package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.TextDelta;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK, pointed at the gateway, works unchanged. The SDK's base URL is
 * the host without {@code /v1}: it appends {@code /v1/messages} itself.
 */
class AnthropicSdkIT {

    private static GatewayStack stack;
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start();
        client = clientFor(stack.gatewayUrl());
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
    void answersMessageWithTextAndUsage() {
        Message message = client.messages().create(params("Say hello."));

        assertThat(textOf(message)).isNotBlank();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(stack.simulator().recordedRequests())
                .singleElement()
                .satisfies(r -> assertThat(r.uri()).isEqualTo("/v1/messages"));
    }

    @Test
    void streamsTheSameTextAsThePlainMessage() {
        MessageCreateParams params = params("Stream a short sentence.");
        String plain = textOf(client.messages().create(params));

        String streamed;
        try (StreamResponse<RawMessageStreamEvent> stream =
                client.messages().createStreaming(params)) {
            streamed =
                    stream.stream()
                            .flatMap(event -> event.contentBlockDelta().stream())
                            .flatMap(delta -> delta.delta().text().stream())
                            .map(TextDelta::text)
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
    void servesClientsThatPutTheRunIdInTheBaseUrl() {
        AnthropicClient runClient = clientFor(stack.gatewayUrl() + "/run/ci-123");
        try {
            Message message = runClient.messages().create(params("Hi."));

            assertThat(textOf(message)).isNotBlank();
            assertThat(stack.simulator().recordedRequests())
                    .singleElement()
                    .satisfies(r -> assertThat(r.uri()).isEqualTo("/v1/messages"));
        } finally {
            runClient.close();
        }
    }

    private static AnthropicClient clientFor(String baseUrl) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-ant-test")
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams params(String prompt) {
        return MessageCreateParams.builder()
                .model("claude-haiku-4-5")
                .maxTokens(64)
                .addUserMessage(prompt)
                .build();
    }

    private static String textOf(Message message) {
        return message.content().stream()
                .flatMap(block -> block.text().stream())
                .map(TextBlock::text)
                .collect(Collectors.joining());
    }
}
