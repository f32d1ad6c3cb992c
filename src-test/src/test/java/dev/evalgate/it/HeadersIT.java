package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalgate.gateway.sim.RecordedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which headers cross the gateway, in each direction, and bodies that must pass unchanged. */
class HeadersIT {

    private static GatewayStack stack;

    @BeforeAll
    static void start() {
        stack = GatewayStack.start();
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
    void forwardsProviderHeadersUpstream() {
        Http.post(
                stack.gatewayUrl() + "/v1/chat/completions",
                Http.chatBody("gpt-4o-mini", false),
                "OpenAI-Organization",
                "org-123",
                "OpenAI-Project",
                "proj-456");
        Http.post(
                stack.gatewayUrl() + "/v1/messages",
                Http.messagesBody("claude-haiku-4-5"),
                "anthropic-version",
                "2023-06-01",
                "anthropic-beta",
                "prompt-caching-2024-07-31");

        List<RecordedRequest> recorded = stack.simulator().recordedRequests();
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0).header("openai-organization")).isEqualTo("org-123");
        assertThat(recorded.get(0).header("openai-project")).isEqualTo("proj-456");
        assertThat(recorded.get(1).header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(recorded.get(1).header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
    }

    @Test
    void dropsHopByHopConnectionNamedAndEvalHeaders() {
        String response =
                Http.readAll(
                        Http.raw(
                                stack.server().port(),
                                "POST /v1/chat/completions HTTP/1.1\r\n"
                                        + "host: 127.0.0.1\r\n"
                                        + "content-type: application/json\r\n"
                                        + "connection: close, x-hop-secret\r\n"
                                        + "x-hop-secret: do-not-forward\r\n"
                                        + "keep-alive: timeout=5\r\n"
                                        + "te: trailers\r\n"
                                        + "proxy-authorization: Basic c2VjcmV0\r\n"
                                        + "x-eval-pipeline: nightly\r\n"
                                        + "x-eval-check: format\r\n"
                                        + "x-custom-kept: yes",
                                Http.chatBody("gpt-4o-mini", false)));

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        RecordedRequest upstream = stack.simulator().recordedRequests().get(0);
        assertThat(upstream.headers())
                .doesNotContainKeys(
                        "x-hop-secret",
                        "keep-alive",
                        "te",
                        "proxy-authorization",
                        "x-eval-pipeline",
                        "x-eval-check")
                .containsEntry("x-custom-kept", "yes");
        assertThat(upstream.headers().keySet()).noneMatch(name -> name.startsWith("x-eval-"));
        assertThat(upstream.header("connection")).isNull();
    }

    @Test
    void passesBase64EmbeddingRequestAndAnswerByteForByte() {
        String body =
                "{ \"input\" : \"The quick brown fox.\",\n"
                        + "  \"encoding_format\":\"base64\", \"model\":\"text-embedding-3-small\" }";
        HttpResponse<String> direct = Http.post(stack.simulator().baseUrl() + "/embeddings", body);
        stack.simulator().reset();

        HttpResponse<String> viaGateway = Http.post(stack.gatewayUrl() + "/v1/embeddings", body);

        assertThat(viaGateway.statusCode()).isEqualTo(200);
        assertThat(stack.simulator().recordedRequests().get(0).body()).isEqualTo(body);
        assertThat(viaGateway.body()).isEqualTo(direct.body());
        assertThat(Http.json(viaGateway.body()).at("/data/0/embedding").isTextual()).isTrue();
    }

    @Test
    void relaysUpstreamRequestIdAndRateLimitHeaders() {
        HttpResponse<String> openai =
                Http.post(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        Http.chatBody("gpt-4o-mini", false));
        HttpResponse<String> anthropic =
                Http.post(
                        stack.gatewayUrl() + "/v1/messages", Http.messagesBody("claude-haiku-4-5"));

        assertThat(openai.headers().firstValue("x-request-id"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        assertThat(openai.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("9999");
        assertThat(openai.headers().firstValue("x-eval-provider")).hasValue("sim");
        assertThat(anthropic.headers().firstValue("request-id"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        assertThat(anthropic.headers().firstValue("anthropic-ratelimit-requests-limit"))
                .hasValue("4000");
        assertThat(anthropic.headers().firstValue("x-request-id")).isPresent();
        assertThat(anthropic.headers().firstValue("x-eval-provider")).hasValue("sim-anthropic");
    }

    @Test
    void namesTheAliasTargetInXEvalUpstreamModel() {
        HttpResponse<String> r =
                Http.post(
                        stack.gatewayUrl() + "/v1/chat/completions",
                        Http.chatBody("eval/format", false));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-eval-upstream-model")).hasValue("sim-llama-3-8b");
        assertThat(
                        Http.json(stack.simulator().recordedRequests().get(0).body())
                                .path("model")
                                .asText())
                .isEqualTo("sim-llama-3-8b");
    }
}
