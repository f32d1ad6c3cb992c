package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalgate.gateway.auth.Authenticator;
import dev.evalgate.gateway.sim.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors the gateway answers itself are protocol-shaped with the right status and an {@code
 * x-request-id}; errors from upstream pass through unchanged.
 */
class ErrorsIT {

    private static final String YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
              max_body_bytes: 1KiB
            providers:
              sim:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [sim-*, gpt-*]
                first_byte_timeout: 1s
              sim-anthropic:
                kind: anthropic
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [claude-*]
              down:
                kind: openai
                base_url: ${EVALGATE_CLOSED_URL}
                models: [down-*]
            aliases:
              eval/format:
                provider: sim
                model: sim-llama-3-8b
            cache:
              enabled: false
            """;

    private static GatewayStack stack;
    private static String chat;
    private static String messages;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start(YAML);
        chat = stack.gatewayUrl() + "/v1/chat/completions";
        messages = stack.gatewayUrl() + "/v1/messages";
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetSimulator() {
        stack.simulator().reset();
    }

    @Test
    void rejectsMalformedJsonWith400() {
        HttpResponse<String> r = Http.post(chat, "{\"model\": \"gpt-4o-mini\", ");

        assertOpenAiError(r, 400, "invalid_request_error", "invalid_json");
        assertThat(stack.simulator().stats().requests()).isZero();
    }

    @Test
    void rejectsRequestWithoutModelWith400() {
        HttpResponse<String> r = Http.post(chat, "{\"messages\":[]}");

        JsonNode error =
                assertOpenAiError(r, 400, "invalid_request_error", "missing_required_parameter");
        assertThat(error.path("param").asText()).isEqualTo("model");
    }

    @Test
    void answersUnknownPathWith404() {
        HttpResponse<String> r = Http.get(stack.gatewayUrl() + "/v1/nothing-here");

        assertOpenAiError(r, 404, "not_found_error", "not_found");
    }

    @Test
    void answersUnknownModelWith404NamingTheAvailableModels() {
        HttpResponse<String> r = Http.post(chat, Http.chatBody("llama-unknown", false));

        JsonNode error = assertOpenAiError(r, 404, "not_found_error", "model_not_found");
        assertThat(error.path("message").asText())
                .contains("llama-unknown", "gpt-*", "claude-*", "eval/format");
    }

    @Test
    void rejectsGetOnChatCompletionsWith405() {
        HttpResponse<String> r = Http.get(chat);

        assertOpenAiError(r, 405, "invalid_request_error", "method_not_allowed");
        assertThat(r.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void rejectsBodyOverTheLimitWith413() {
        HttpResponse<String> r = Http.post(chat, oversizedChatBody());

        assertOpenAiError(r, 413, "request_too_large", "request_too_large");
        assertThat(stack.simulator().stats().requests()).isZero();
    }

    @Test
    void answersMessagesErrorsInAnthropicShape() {
        assertAnthropicError(Http.post(messages, "{\"model\":"), 400, "invalid_request_error");
        assertAnthropicError(
                Http.post(messages, "{\"max_tokens\":5,\"messages\":[]}"),
                400,
                "invalid_request_error");
        // An OpenAI model is reached through translation; a field with no OpenAI counterpart
        // is refused in the client's (Anthropic) shape.
        assertAnthropicError(
                Http.post(
                        messages,
                        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"top_k\":3,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                400,
                "invalid_request_error");
        assertAnthropicError(
                Http.post(messages, Http.messagesBody("llama-3")), 404, "not_found_error");
        assertAnthropicError(Http.get(messages), 405, "invalid_request_error");
        assertAnthropicError(Http.post(messages, oversizedChatBody()), 413, "request_too_large");
    }

    @Test
    void answersUnreachableUpstreamWith502() {
        HttpResponse<String> r = Http.post(chat, Http.chatBody("down-model", false));

        JsonNode error = assertOpenAiError(r, 502, "api_error", "upstream_unavailable");
        assertThat(error.path("message").asText()).contains("down");
    }

    @Test
    void answersSilentUpstreamWith504AfterTheFirstByteTimeout() {
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", false), "X-Sim-Fault", "timeout");

        assertOpenAiError(r, 504, "timeout_error", "upstream_timeout");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            assertThat(stack.simulator().stats().inFlight()).isZero();
                            assertThat(stack.server().inFlight()).isZero();
                        });
    }

    @Test
    void answersUpstreamResetBeforeAnyByteWith502() {
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", false), "X-Sim-Fault", "reset");

        assertOpenAiError(r, 502, "api_error", "upstream_unavailable");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());
    }

    @Test
    void answersAPlainAnswerTheUpstreamCutShortWith502() {
        // A plain answer is held whole (its cost goes in its head), so when the upstream cuts it
        // nothing has reached the client yet: it gets an error, not a truncated body.
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", false), "X-Sim-Fault", "cut");

        assertOpenAiError(r, 502, "api_error", "upstream_unavailable");
        assertThat(Http.json(r.body()).path("error").path("message").asText())
                .contains("broke off its answer");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stack.server().inFlight()).isZero());
        assertThat(Http.post(chat, Http.chatBody("gpt-4o-mini", false)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void passesUpstreamServerErrorThroughUnchanged() {
        HttpResponse<String> direct = directToSimulator("500");
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", false), "X-Sim-Fault", "500");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo(direct.body());
        assertThat(r.headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void passesUpstreamRateLimitThroughUnchanged() {
        HttpResponse<String> direct = directToSimulator("429");
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", false), "X-Sim-Fault", "429");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo(direct.body());
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
    }

    @Test
    void rejectsInvalidRunIdInThePathWith400() {
        for (String run : new String[] {"..", ".", "bad%20id", "x".repeat(129)}) {
            HttpResponse<String> r =
                    Http.post(
                            stack.gatewayUrl() + "/run/" + run + "/v1/chat/completions",
                            Http.chatBody("gpt-4o-mini", false));

            assertOpenAiError(r, 400, "invalid_request_error", "invalid_value");
        }
        assertThat(stack.simulator().stats().requests()).isZero();
    }

    @Test
    void rejectsInvalidRunHeaderWith400() {
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", false), "X-Eval-Run", "bad run!");

        assertOpenAiError(r, 400, "invalid_request_error", "invalid_value");
        assertThat(stack.simulator().stats().requests()).isZero();
    }

    @Test
    void passesTheClientsOwnCredentialUpstreamInPassthroughMode() {
        HttpResponse<String> r =
                Http.post(
                        chat,
                        Http.chatBody("gpt-4o-mini", false),
                        "Authorization",
                        "Bearer sk-client-own");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastRecorded().header("authorization")).isEqualTo("Bearer sk-client-own");

        HttpResponse<String> anthropic =
                Http.post(
                        messages, Http.messagesBody("claude-haiku-4-5"), "x-api-key", "sk-ant-own");

        assertThat(anthropic.statusCode()).isEqualTo(200);
        assertThat(lastRecorded().header("x-api-key")).isEqualTo("sk-ant-own");
    }

    @Test
    void requiresAGatewayKeyAndSendsTheProvidersKeyUpstream() {
        String yaml =
                GatewayStack.DEFAULT_YAML.replace(
                                "base_url: ${EVALGATE_SIMULATOR_URL}\n    models: [gpt",
                                "base_url: ${EVALGATE_SIMULATOR_URL}\n"
                                        + "    api_key: sk-provider-secret\n"
                                        + "    models: [gpt")
                        + "auth:\n  keys:\n    - tenant: team-a\n      sha256: \"sha256:"
                        + Authenticator.sha256Hex("gk-right")
                        + "\"\n";
        assertThat(yaml).contains("sk-provider-secret");
        try (GatewayStack keyed = GatewayStack.start(yaml)) {
            String url = keyed.gatewayUrl() + "/v1/chat/completions";
            String body = Http.chatBody("gpt-4o-mini", false);

            assertOpenAiError(Http.post(url, body), 401, "authentication_error", "invalid_api_key");
            assertOpenAiError(
                    Http.post(url, body, "Authorization", "Bearer gk-wrong"),
                    401,
                    "authentication_error",
                    "invalid_api_key");
            assertAnthropicError(
                    Http.post(
                            keyed.gatewayUrl() + "/v1/messages",
                            Http.messagesBody("claude-haiku-4-5"),
                            "x-api-key",
                            "gk-wrong"),
                    401,
                    "authentication_error");
            assertThat(keyed.simulator().stats().requests()).isZero();

            HttpResponse<String> ok = Http.post(url, body, "Authorization", "Bearer gk-right");

            assertThat(ok.statusCode()).isEqualTo(200);
            RecordedRequest upstream = keyed.simulator().recordedRequests().get(0);
            assertThat(upstream.header("authorization")).isEqualTo("Bearer sk-provider-secret");
        }
    }

    private static HttpResponse<String> directToSimulator(String fault) {
        return Http.post(
                stack.simulator().baseUrl() + "/chat/completions",
                Http.chatBody("gpt-4o-mini", false),
                "X-Sim-Fault",
                fault);
    }

    private static RecordedRequest lastRecorded() {
        var recorded = stack.simulator().recordedRequests();
        assertThat(recorded).isNotEmpty();
        return recorded.get(recorded.size() - 1);
    }

    private static String oversizedChatBody() {
        return Http.chatBody("gpt-4o-mini", false).replace("Hello there.", "x".repeat(2048));
    }

    private static JsonNode assertOpenAiError(
            HttpResponse<String> r, int status, String type, String code) {
        return ErrorShapes.openAi(r, status, type, code);
    }

    private static void assertAnthropicError(HttpResponse<String> r, int status, String type) {
        ErrorShapes.anthropic(r, status, type);
    }
}
