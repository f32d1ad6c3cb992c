package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.evalgate.gateway.sim.SimStats;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Routes send each kind of eval traffic to its tier, and retries, fallbacks and the circuit breaker
 * behave as documented (issue 4). Two simulator-backed providers, {@code cheap} ({@code llama-*})
 * and {@code frontier} ({@code gpt-*}), share one simulator whose per-model counters show which
 * model each request reached. Every test gets a fresh stack, so no circuit breaker state leaks from
 * one test into the next.
 */
class RoutingIT {

    static final String PROXY_MODEL = "llama-3.1-8b";
    static final String FRONTIER_MODEL = "gpt-4o";

    static final String ROUTES_YAML =
            """
            server:
              host: 127.0.0.1
              port: 0
              io_threads: 2
            providers:
              cheap:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [llama-*]
              frontier:
                kind: openai
                base_url: ${EVALGATE_SIMULATOR_URL}
                models: [gpt-*]
              down:
                kind: openai
                base_url: ${EVALGATE_CLOSED_URL}
                models: [down-*]
              dead:
                kind: openai
                base_url: ${EVALGATE_CLOSED_URL}
                models: [dead-*]
            aliases:
              eval/mini:
                provider: frontier
                model: gpt-4o-mini
            tiers:
              proxy: {provider: cheap, model: llama-3.1-8b}
              frontier: {provider: frontier, model: gpt-4o}
            routes:
              - name: format-checks
                match: {check: format}
                target: {tier: proxy}
              - name: format-alias
                match: {model: eval/format}
                target: {tier: proxy}
              - name: semantic
                match: {model: eval/semantic}
                target: {tier: frontier}
              - name: json-mode
                match: {response_format: json_object, endpoint: chat/completions}
                target: {tier: proxy}
              - name: nightly
                match: {pipeline: "nightly-*"}
                target: {tier: frontier}
              - name: retried
                match: {model: eval/retried}
                target: {tier: proxy}
                attempts: 3
              - name: with-fallback
                match: {model: eval/fallback}
                target: {provider: down, model: down-1}
                fallbacks: [{tier: frontier}]
                attempts: 2
              - name: no-fallback
                match: {model: eval/dead}
                target: {provider: dead, model: dead-1}
            """;

    private GatewayStack stack;
    private String chat;

    @BeforeEach
    void start() {
        stack = GatewayStack.start(ROUTES_YAML + "cache: {enabled: false}\n");
        chat = stack.gatewayUrl() + "/v1/chat/completions";
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(
                        "format-checks",
                        Http.chatBody("gpt-4o-mini", false),
                        new String[] {"X-Eval-Check", "format"},
                        PROXY_MODEL),
                Arguments.of(
                        "semantic",
                        Http.chatBody("eval/semantic", false),
                        new String[0],
                        FRONTIER_MODEL),
                Arguments.of(
                        "json-mode",
                        chatBody("gpt-4o-mini", ",\"response_format\":{\"type\":\"json_object\"}"),
                        new String[0],
                        PROXY_MODEL),
                Arguments.of(
                        "nightly",
                        Http.chatBody("llama-3.2-1b", false),
                        new String[] {"X-Eval-Pipeline", "nightly-1"},
                        FRONTIER_MODEL),
                Arguments.of(
                        "direct",
                        Http.chatBody("gpt-4o-mini", false),
                        new String[0],
                        "gpt-4o-mini"),
                Arguments.of(
                        "direct",
                        Http.chatBody("llama-3.2-1b", false),
                        new String[0],
                        "llama-3.2-1b"),
                Arguments.of(
                        "direct", Http.chatBody("eval/mini", false), new String[0], "gpt-4o-mini"));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("rules")
    void sendsEachRulesTrafficToItsModelAndSaysWhichRouteDecided(
            String route, String body, String[] headers, String upstreamModel) {
        HttpResponse<String> r = Http.post(chat, body, headers);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-eval-route")).hasValue(route);
        assertThat(r.headers().firstValue("x-eval-upstream-model")).hasValue(upstreamModel);
        assertThat(Http.json(r.body()).path("model").asText()).isEqualTo(upstreamModel);
        SimStats stats = stack.simulator().stats();
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.requestsFor(upstreamModel)).isEqualTo(1);
    }

    @Test
    void passesUnmatchedTrafficThroughWithItsBodyUnchanged() {
        String body = Http.chatBody("gpt-4o-mini", false);

        HttpResponse<String> r = Http.post(chat, body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-eval-route")).hasValue("direct");
        assertThat(r.headers().firstValue("x-eval-provider")).hasValue("frontier");
        assertThat(stack.simulator().recordedRequests())
                .singleElement()
                .satisfies(sent -> assertThat(sent.body()).isEqualTo(body));
    }

    @Test
    void rewritesOnlyTheModelOfARoutedBody() {
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("gpt-4o-mini", true), "X-Eval-Check", "format");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode sent = Http.json(stack.simulator().recordedRequests().get(0).body());
        assertThat(sent)
                .as("the stream flag and messages reach the proxy model as sent")
                .isEqualTo(Http.json(Http.chatBody(PROXY_MODEL, true)));
        assertThat(r.body()).contains("\"model\":\"" + PROXY_MODEL + "\"").contains("data: [DONE]");
    }

    @Test
    void listsAliasesAndRouteModelNames() {
        HttpResponse<String> r = Http.get(stack.gatewayUrl() + "/v1/models");

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Http.json(r.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids)
                .contains(
                        "eval/mini",
                        "eval/format",
                        "eval/semantic",
                        "eval/retried",
                        "eval/fallback",
                        "eval/dead")
                .doesNotHaveDuplicates()
                .noneMatch(id -> id.contains("*"));
    }

    @Test
    void keysTheCacheByTierSoAnotherTiersAnswerIsNeverServed() {
        try (GatewayStack cached =
                GatewayStack.start(ROUTES_YAML + "cache: {enabled: true, namespace: routeit}\n")) {
            String url = cached.gatewayUrl() + "/v1/chat/completions";
            String body = Http.chatBody("gpt-4o-mini", false);

            HttpResponse<String> proxy = Http.post(url, body, "X-Eval-Check", "format");
            HttpResponse<String> frontier = Http.post(url, body, "X-Eval-Pipeline", "nightly-1");
            HttpResponse<String> proxyAgain = Http.post(url, body, "X-Eval-Check", "format");

            assertThat(proxy.headers().firstValue("x-eval-cache")).hasValue("MISS");
            assertThat(frontier.headers().firstValue("x-eval-cache")).hasValue("MISS");
            assertThat(frontier.headers().firstValue("x-eval-upstream-model"))
                    .hasValue(FRONTIER_MODEL);
            assertThat(frontier.headers().firstValue("x-eval-cache-key"))
                    .isPresent()
                    .isNotEqualTo(proxy.headers().firstValue("x-eval-cache-key"));
            assertThat(proxyAgain.headers().firstValue("x-eval-cache")).hasValue("HIT");
            assertThat(proxyAgain.headers().firstValue("x-eval-cache-key"))
                    .isEqualTo(proxy.headers().firstValue("x-eval-cache-key"));
            assertThat(proxyAgain.body()).isEqualTo(proxy.body());
            SimStats stats = cached.simulator().stats();
            assertThat(stats.requestsFor(PROXY_MODEL)).isEqualTo(1);
            assertThat(stats.requestsFor(FRONTIER_MODEL)).isEqualTo(1);
        }
    }

    @Test
    void retriesServerErrorsUntilAnAttemptSucceeds() {
        HttpResponse<String> r =
                Http.post(
                        chat,
                        Http.chatBody("eval/retried", false),
                        "X-Sim-Fault",
                        "500",
                        "X-Sim-Fault-Times",
                        "2");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-eval-route")).hasValue("retried");
        assertThat(stack.simulator().stats().requestsFor(PROXY_MODEL)).isEqualTo(3);
        assertThat(stack.simulator().stats().faultsInjected()).isEqualTo(2);
    }

    @Test
    void retriesARateLimitAfterItsRetryAfter() {
        HttpResponse<String> r =
                Http.post(
                        chat,
                        Http.chatBody("eval/retried", false),
                        "X-Sim-Fault",
                        "429",
                        "X-Sim-Fault-Times",
                        "1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(stack.simulator().stats().requestsFor(PROXY_MODEL)).isEqualTo(2);
        assertThat(stack.simulator().stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void relaysTheUpstreamsLastErrorUnchangedOnceAttemptsAreSpent() {
        String direct =
                Http.post(
                                stack.simulator().baseUrl() + "/chat/completions",
                                Http.chatBody(PROXY_MODEL, false),
                                "X-Sim-Fault",
                                "500")
                        .body();
        stack.simulator().reset();

        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("eval/retried", false), "X-Sim-Fault", "500");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo(direct);
        assertThat(r.headers().firstValue("x-eval-route")).hasValue("retried");
        assertThat(r.headers().firstValue("x-eval-upstream-model")).hasValue(PROXY_MODEL);
        assertThat(stack.simulator().stats().requestsFor(PROXY_MODEL)).isEqualTo(3);
    }

    @Test
    void fallsBackToTheNextTargetWhenTheFirstIsUnreachable() {
        HttpResponse<String> r = Http.post(chat, Http.chatBody("eval/fallback", false));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-eval-route")).hasValue("with-fallback");
        assertThat(r.headers().firstValue("x-eval-provider")).hasValue("frontier");
        assertThat(r.headers().firstValue("x-eval-upstream-model")).hasValue(FRONTIER_MODEL);
        assertThat(Http.json(r.body()).path("model").asText()).isEqualTo(FRONTIER_MODEL);
        assertThat(stack.simulator().stats().requests()).isEqualTo(1);
    }

    @Test
    void opensTheCircuitAfterFiveFailuresAndFailsFastWithRetryAfter() {
        String body = Http.chatBody("eval/dead", false);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = Http.post(chat, body);
            assertThat(failed.statusCode()).as("failure %d", i + 1).isEqualTo(502);
            assertThat(Http.json(failed.body()).at("/error/code").asText())
                    .isEqualTo("upstream_unavailable");
            assertThat(failed.headers().firstValue("x-eval-route")).hasValue("no-fallback");
            assertThat(failed.headers().firstValue("x-eval-upstream-model")).hasValue("dead-1");
        }

        HttpResponse<String> r = Http.post(chat, body);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Http.json(r.body()).at("/error/code").asText()).isEqualTo("circuit_open");
        assertThat(r.headers().firstValue("retry-after"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(r.headers().firstValue("x-eval-route")).hasValue("no-fallback");
        assertThat(Http.get(stack.gatewayUrl() + "/metrics").body())
                .contains("evalgate_upstream_circuit_state{provider=\"dead\"} 2.0")
                .contains("evalgate_upstream_circuit_state{provider=\"frontier\"} 0.0");
    }

    @Test
    void neverRetriesAStreamCutAfterItStarted() {
        HttpResponse<String> r =
                Http.post(chat, Http.chatBody("eval/retried", true), "X-Sim-Fault", "cut");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data: {").doesNotContain("[DONE]");
        assertThat(stack.simulator().stats().requests()).isEqualTo(1);
    }

    @Test
    void openAiSdkReadsARoutedAnswerNamingTheUpstreamModel() {
        OpenAIClient client =
                OpenAIOkHttpClient.builder()
                        .baseUrl(stack.gatewayUrl() + "/v1")
                        .apiKey("sk-test")
                        .maxRetries(0)
                        .build();
        try {
            ChatCompletion completion =
                    client.chat()
                            .completions()
                            .create(
                                    ChatCompletionCreateParams.builder()
                                            .model("eval/format")
                                            .addUserMessage("Is this valid JSON: {}?")
                                            .build());

            assertThat(completion.model()).isEqualTo(PROXY_MODEL);
            assertThat(completion.choices().get(0).message().content())
                    .hasValueSatisfying(text -> assertThat(text).isNotBlank());
            assertThat(stack.simulator().stats().requestsFor(PROXY_MODEL)).isEqualTo(1);
            assertThat(stack.simulator().stats().requestsFor("eval/format")).isZero();
        } finally {
            client.close();
        }
    }

    private static String chatBody(String model, String extra) {
        return "{\"model\":\""
                + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there.\"}]"
                + extra
                + "}";
    }
}
