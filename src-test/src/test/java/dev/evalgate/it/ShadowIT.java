package dev.evalgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proxy fidelity (issue 4): a route shadows its proxy-tier requests to the frontier tier in the
 * background, through the gateway itself, and the agreement it measures matches the known truth:
 * the simulator answers differently per model and identically for the same model.
 */
class ShadowIT {

    static final String PROXY_MODEL = "sim-llama-3-8b";
    static final String FRONTIER_MODEL = "gpt-4o";
    static final int N = 5;

    private GatewayStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String yaml(String frontierModel, String shadow, String cache) {
        return GatewayStack.PROVIDERS_YAML
                + "tiers:\n"
                + "  proxy: {provider: sim, model: "
                + PROXY_MODEL
                + "}\n"
                + "  frontier: {provider: sim, model: "
                + frontierModel
                + "}\n"
                + "routes:\n"
                + "  - name: format\n"
                + "    match: {check: format}\n"
                + "    target: {tier: proxy}\n"
                + "    shadow: "
                + shadow
                + "\n"
                + "cache: "
                + cache
                + "\n";
    }

    /** Sends N distinct format checks; each client answer comes from the proxy tier. */
    private void sendDistinctChecks(String body) {
        String chat = stack.gatewayUrl() + "/run/shadow-it/v1/chat/completions";
        for (int i = 0; i < N; i++) {
            HttpResponse<String> r =
                    Http.post(
                            chat,
                            body.replace("Hello there.", "Is answer " + i + " valid JSON?"),
                            "X-Eval-Check",
                            "format");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-eval-route")).hasValue("format");
            assertThat(r.headers().firstValue("x-eval-upstream-model")).hasValue(PROXY_MODEL);
            assertThat(Http.json(r.body()).path("model").asText()).isEqualTo(PROXY_MODEL);
        }
    }

    private JsonNode agreement() {
        HttpResponse<String> r = Http.get(stack.gatewayUrl() + "/admin/agreement");
        assertThat(r.statusCode()).isEqualTo(200);
        return Http.json(r.body()).path("routes");
    }

    @Test
    void measuresDisagreementBetweenDifferentModelsAndCallsTheFrontierOncePerRequest() {
        stack =
                GatewayStack.start(
                        yaml(
                                FRONTIER_MODEL,
                                "{tier: frontier, rate: 1.0, comparator: exact}",
                                "{enabled: false}"));

        sendDistinctChecks(Http.chatBody("gpt-4o-mini", false));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            JsonNode format = agreement().path("format");
                            assertThat(format.path("comparisons").asLong()).isEqualTo(N);
                            assertThat(format.path("disagree").asLong()).isEqualTo(N);
                            assertThat(format.path("agree").asLong()).isZero();
                            assertThat(format.path("errors").asLong()).isZero();
                            assertThat(format.path("agreement_rate").asDouble()).isZero();
                        });
        assertThat(stack.simulator().stats().requestsFor(FRONTIER_MODEL)).isEqualTo(N);
        assertThat(stack.simulator().stats().requestsFor(PROXY_MODEL)).isEqualTo(N);
        String metrics = Http.get(stack.gatewayUrl() + "/metrics").body();
        assertThat(metrics)
                .contains(
                        "evalgate_shadow_comparisons_total{result=\"disagree\",route=\"format\"} "
                                + N
                                + ".0");
    }

    @Test
    void jsonValidBothDisagreesWhenTheAnswersAreProse() {
        // The simulator answers prose whatever the request asks for: neither answer parses.
        stack =
                GatewayStack.start(
                        yaml(
                                FRONTIER_MODEL,
                                "{tier: frontier, rate: 1.0, comparator: json-valid-both}",
                                "{enabled: false}"));

        sendDistinctChecks(Http.chatBody("gpt-4o-mini", false));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            JsonNode format = agreement().path("format");
                            assertThat(format.path("comparisons").asLong()).isEqualTo(N);
                            assertThat(format.path("disagree").asLong()).isEqualTo(N);
                            assertThat(format.path("errors").asLong()).isZero();
                        });
    }

    @Test
    void identicalModelsOnBothTiersAlwaysAgree() {
        stack =
                GatewayStack.start(
                        yaml(
                                PROXY_MODEL,
                                "{tier: frontier, rate: 1.0, comparator: exact}",
                                "{enabled: true, namespace: shadowit}"));

        sendDistinctChecks(Http.chatBody("gpt-4o-mini", false));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            JsonNode format = agreement().path("format");
                            assertThat(format.path("comparisons").asLong()).isEqualTo(N);
                            assertThat(format.path("agree").asLong()).isEqualTo(N);
                            assertThat(format.path("agreement_rate").asDouble()).isEqualTo(1.0);
                        });
    }

    @Test
    void rateZeroShadowsNothing() {
        stack =
                GatewayStack.start(
                        yaml(
                                FRONTIER_MODEL,
                                "{tier: frontier, rate: 0, comparator: exact}",
                                "{enabled: false}"));

        sendDistinctChecks(Http.chatBody("gpt-4o-mini", false));

        assertThat(stack.simulator().stats().requestsFor(FRONTIER_MODEL)).isZero();
        assertThat(stack.simulator().stats().requests()).isEqualTo(N);
        assertThat(agreement().isEmpty()).isTrue();
    }

    @Test
    void shadowTargetIsHonouredOnlyOnShadowTraffic() {
        stack =
                GatewayStack.start(
                        yaml(
                                FRONTIER_MODEL,
                                "{tier: frontier, rate: 0, comparator: exact}",
                                "{enabled: false}"));
        String chat = stack.gatewayUrl() + "/v1/chat/completions";
        String body = Http.chatBody("gpt-4o-mini", false);

        HttpResponse<String> ignored =
                Http.post(chat, body, "X-Eval-Check", "format", "X-Eval-Shadow-Target", "frontier");
        HttpResponse<String> forced =
                Http.post(
                        chat,
                        body,
                        "X-Eval-Check",
                        "format",
                        "X-Eval-Traffic",
                        "shadow",
                        "X-Eval-Shadow-Target",
                        "frontier");
        HttpResponse<String> unknown =
                Http.post(chat, body, "X-Eval-Traffic", "shadow", "X-Eval-Shadow-Target", "nope");

        assertThat(ignored.headers().firstValue("x-eval-upstream-model")).hasValue(PROXY_MODEL);
        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(forced.headers().firstValue("x-eval-route")).hasValue("format");
        assertThat(forced.headers().firstValue("x-eval-upstream-model")).hasValue(FRONTIER_MODEL);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Http.json(unknown.body()).path("error").path("message").asText())
                .contains("X-Eval-Shadow-Target");
    }
}
